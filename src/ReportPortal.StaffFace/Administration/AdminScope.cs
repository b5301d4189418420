using ReportPortal.Core.Database;
using ReportPortal.Core.Forces;
using ReportPortal.Core.Staff;
using ReportPortal.StaffFace.Staff;

namespace ReportPortal.StaffFace.Administration;

/// <summary>
/// What the signed-in administrator manages. An administrator of a force manages that force's settings
/// and its staff only; a national administrator (one with no force) manages every force and every
/// account, and alone may add forces or create national accounts. Anything outside the scope is "not found".
/// </summary>
public sealed class AdminScope(ReportPortalDbContext db, ICurrentStaff current)
{
    public Guid MemberId => current.StaffMemberId;

    public bool IsNational => current.ForceId is null;

    public IQueryable<Force> Forces => IsNational ? db.Forces : db.Forces.Where(f => f.Id == current.ForceId);

    public IQueryable<StaffMember> Staff => IsNational ? db.StaffMembers : db.StaffMembers.Where(s => s.ForceId == current.ForceId);
}

public static class AdminPaths
{
    public const string Forces = "/staff/admin/forces";
    public const string NewForce = "/staff/admin/forces/new";
    public const string Staff = "/staff/admin/staff";
    public const string Invite = "/staff/admin/staff/invite";
    public const string Audit = "/staff/admin/audit";

    public static string Force(string code) => $"{Forces}/{code}";

    public static string Member(Guid id) => $"{Staff}/{id}";
}

/// <summary>What happened to an administration change.</summary>
public enum AdminOutcome
{
    Done,
    NotFound,

    /// <summary>Someone else changed the record after the form was loaded: nothing was saved.</summary>
    Stale,

    /// <summary>The change breaks a rule; the form errors say which.</summary>
    Refused,
}

public static class AdministrationSetup
{
    public static IServiceCollection AddAdministration(this IServiceCollection services)
    {
        services.AddScoped<AdminScope>();
        services.AddScoped<ForceAdministration>();
        services.AddScoped<StaffAdministration>();
        return services;
    }
}
