using Microsoft.AspNetCore.Identity;

namespace ReportPortal.Core.Staff;

/// <summary>
/// A member of staff: the ASP.NET Core Identity user (password hash, security stamp, lockout) and the
/// holder of key grants. The private key is stored only wrapped under the staff member's password and
/// the server pepper (DESIGN §3).
/// </summary>
public sealed class StaffMember : IdentityUser<Guid>
{
    public StaffMember()
    {
        Id = Guid.NewGuid();
        SecurityStamp = Guid.NewGuid().ToString("N");
        ConcurrencyStamp = Guid.NewGuid().ToString("N");
        LockoutEnabled = true;
    }

    /// <summary>Sign-in is by email; its normalised form is kept in step so lookups never depend on case.</summary>
    public override string? Email
    {
        get => base.Email;
        set
        {
            base.Email = value;
            NormalizedEmail = NormaliseEmail(value);
        }
    }

    public Guid? ForceId { get; set; }

    public required string DisplayName { get; set; }

    public byte[] PublicKey { get; set; } = [];

    public byte[] WrappedPrivateKey { get; set; } = [];

    /// <summary>
    /// MAC of (id, public key) under an internal key: a database writer who swaps the public key is
    /// caught before anything is wrapped to it.
    /// </summary>
    public byte[] PublicKeyPin { get; set; } = [];

    /// <summary>Blind index of the force's stable code + staff number: matched against report subjects (conflicts of interest).</summary>
    public byte[]? StaffNumberIndex { get; set; }

    /// <summary>Intake handlers receive every new report of their force, unless named in it.</summary>
    public bool IsIntakeHandler { get; set; }

    public bool IsActive { get; set; } = true;

    public DateOnly CreatedOn { get; set; }

    /// <summary>The RFC 6238 shared secret; set at enrolment, confirmed when <see cref="IdentityUser{TKey}.TwoFactorEnabled"/> is true.</summary>
    public byte[]? TotpSecret { get; set; }

    /// <summary>The last TOTP time step accepted: a code of that step or earlier is never accepted again (no replay).</summary>
    public long LastTotpStep { get; set; }

    /// <summary>
    /// How often, at most, this member's notices are gathered into one email (<see cref="StaffEmail.DigestChoices"/>);
    /// null keeps the service's setting. Never more often than the service's setting.
    /// </summary>
    public int? DigestIntervalHours { get; set; }

    public static string? NormaliseEmail(string? email) => email?.Trim().ToUpperInvariant();
}

/// <summary>One role held by a staff member, stored as its fixed string (StaffRoles in the staff face).</summary>
public sealed class StaffRoleAssignment
{
    public Guid StaffMemberId { get; set; }

    public required string Role { get; set; }
}

/// <summary>
/// A signed-in (or half signed-in, waiting for the TOTP code) staff session. The cookie holds a random
/// secret; this row holds its hash and the member's private key wrapped under a key derived from it, so
/// the row alone opens nothing, any node can serve the session, and deleting the row ends it for good.
/// </summary>
public sealed class StaffSession
{
    public const string AwaitingCode = "awaiting-code";
    public const string SignedIn = "signed-in";

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid StaffMemberId { get; set; }

    public required byte[] SecretHash { get; set; }

    public required byte[] WrappedPrivateKey { get; set; }

    /// <summary><see cref="AwaitingCode"/> or <see cref="SignedIn"/>.</summary>
    public required string Stage { get; set; }

    /// <summary>The member's security stamp at sign-in: a change (sign out everywhere, password change) ends the session.</summary>
    public required string SecurityStamp { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>A one-time enrolment link's token, stored only as its hash; used once, then spent.</summary>
public sealed class StaffInvitation
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid StaffMemberId { get; set; }

    public required byte[] TokenHash { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }
}

/// <summary>The choices a member has for how often staff email may come.</summary>
public static class StaffEmail
{
    public static readonly IReadOnlyList<int> DigestChoices = [1, 4, 24];
}
