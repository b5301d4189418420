using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Database;
using ReportPortal.Core.Staff;
using ReportPortal.StaffFace.Staff;

namespace ReportPortal.StaffFace.Welfare;

/// <summary>
/// Who may hold a case's welfare key: an active member of the case's force with the welfare-lead role, who is
/// not named in the report. This is the one place that decides it, for intake and for assignment alike, so the
/// shared conflict-of-interest rule can be called from here once it exists.
/// </summary>
public static class WelfareLeads
{
    public static Task<List<StaffMember>> EligibleAsync(ReportPortalDbContext db, Guid caseId, Guid forceId, IReadOnlyCollection<byte[]> named, CancellationToken cancellationToken) =>
        EligibleAsync(db, caseId, forceId, named, only: null, cancellationToken);

    /// <summary>
    /// The eligible welfare leads of the force (or just <paramref name="only"/>, if they are one): the shared
    /// conflict rule (named in the report, or a declared conflict), plus <paramref name="named"/> for intake,
    /// whose exclusions are not saved yet.
    /// </summary>
    public static async Task<List<StaffMember>> EligibleAsync(
        ReportPortalDbContext db, Guid caseId, Guid forceId, IReadOnlyCollection<byte[]> named, Guid? only, CancellationToken cancellationToken)
    {
        var leads = await ConflictRule.Eligible(db, caseId)
            .Where(s => s.ForceId == forceId && s.IsActive && (only == null || s.Id == only)
                && db.StaffMemberRoles.Any(r => r.StaffMemberId == s.Id && r.Role == StaffRoles.WelfareLead))
            .ToListAsync(cancellationToken);
        return leads.Where(lead => !ConflictRule.Names(named, lead.StaffNumberIndex)).OrderBy(lead => lead.DisplayName, StringComparer.Ordinal).ToList();
    }

    /// <summary>The staff-number indexes of everyone the case names, as intake computed them.</summary>
    public static async Task<List<byte[]>> NamedInAsync(ReportPortalDbContext db, Guid caseId, CancellationToken cancellationToken) =>
        await db.CaseSubjects.AsNoTracking().Where(s => s.CaseId == caseId && s.StaffNumberIndex != null)
            .Select(s => s.StaffNumberIndex!).ToListAsync(cancellationToken);

    /// <summary>The member's welfare grant of the case, if they hold one.</summary>
    public static Task<KeyGrant?> GrantOfAsync(ReportPortalDbContext db, Guid caseId, Guid staffMemberId, CancellationToken cancellationToken) =>
        db.KeyGrants.AsNoTracking().FirstOrDefaultAsync(
            g => g.CaseId == caseId && g.StaffMemberId == staffMemberId && g.Holder == KeyHolder.Staff && g.Purpose == KeyPurpose.Welfare, cancellationToken);
}
