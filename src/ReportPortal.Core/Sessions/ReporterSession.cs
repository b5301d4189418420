namespace ReportPortal.Core.Sessions;

/// <summary>
/// A reporter's signed-in inbox session. The cookie holds a random secret; this row holds only a hash
/// of it and the case key wrapped under a key derived from it, so the row alone opens nothing and
/// deleting the row (sign-out, expiry) makes a copied cookie worthless.
/// </summary>
public sealed class ReporterSession
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>SHA-256 of the cookie's session secret.</summary>
    public required byte[] SecretHash { get; set; }

    public Guid CaseId { get; set; }

    /// <summary>The case key wrapped under HKDF(session secret), bound to this session and case.</summary>
    public required byte[] WrappedCaseKey { get; set; }

    /// <summary>Idle expiry, judged by the injected clock; expired rows are deleted.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}
