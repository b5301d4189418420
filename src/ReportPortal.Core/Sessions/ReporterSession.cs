namespace ReportPortal.Core.Sessions;

/// <summary>
/// A reporter's signed-in inbox session. The cookie holds a random secret; this row holds only a hash of
/// it, the case id and case key sealed together under a key derived from it, and when it ends. So the row
/// alone says neither which case it opens nor anything else about the reporter, and deleting the row
/// (sign-out, expiry) makes a copied cookie worthless.
/// </summary>
public sealed class ReporterSession
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>SHA-256 of the cookie's session secret.</summary>
    public required byte[] SecretHash { get; set; }

    /// <summary>Case id || case key, wrapped under HKDF(session secret) and bound to this session.</summary>
    public required byte[] SealedAccess { get; set; }

    /// <summary>Idle expiry, whole minutes, judged by the injected clock; expired rows are deleted.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}
