using ReportPortal.Crypto;

namespace ReportPortal.StaffFace.Staff;

/// <summary>The roles of DESIGN §1, as stored (fixed strings, never enum member names). A member may hold several.</summary>
public static class StaffRoles
{
    public const string Handler = "handler";
    public const string WelfareLead = "welfare-lead";
    public const string Custodian = "custodian";
    public const string Administrator = "administrator";
    public const string OversightAnalyst = "oversight-analyst";

    /// <summary>The force lead of DESIGN §5: told when a case's clock escalates or runs over. Grants no access of its own.</summary>
    public const string ForceLead = "force-lead";

    public static readonly IReadOnlyList<string> All = [Handler, WelfareLead, Custodian, Administrator, OversightAnalyst, ForceLead];
}

/// <summary>
/// The staff member signed in on this request: the seam between sign-in (accounts) and the work done
/// with cases. The private key is unwrapped from the session only when asked for, for this request only.
/// </summary>
public interface ICurrentStaff
{
    Guid StaffMemberId { get; }

    /// <summary>Null for national roles (oversight).</summary>
    Guid? ForceId { get; }

    bool IsInRole(string role);

    /// <summary>The member's private key for this request (the caller disposes it); null without a signed-in session.</summary>
    KeyPair? UnlockPrivateKey();
}
