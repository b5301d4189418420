namespace ReportPortal.Core.Sessions;

/// <summary>
/// A reporter's signed-in inbox session. The cookie holds a random secret; this row holds only a hash of
/// it, the case id, case key and receipt lookup sealed together under a key derived from it, and when it
/// ends. So the row alone says neither which case it opens nor anything else about the reporter, and
/// deleting the row (sign-out, expiry) makes a copied cookie worthless. The receipt lookup is what the
/// database asks for before the reporter role may touch the case (ReporterCaseProof): sealed here, it lets
/// later requests of the session present that proof without the receipt, while the role itself can read
/// no case's lookup.
/// </summary>
public sealed class ReporterSession
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>SHA-256 of the cookie's session secret.</summary>
    public required byte[] SecretHash { get; set; }

    /// <summary>Case id || case key || receipt lookup, wrapped under HKDF(session secret) and bound to this session.</summary>
    public required byte[] SealedAccess { get; set; }

    /// <summary>Idle expiry, whole minutes, judged by the injected clock; expired rows are deleted.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}
