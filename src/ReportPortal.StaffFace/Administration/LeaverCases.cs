using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Database;

namespace ReportPortal.StaffFace.Administration;

/// <summary>An open case of a leaver that the person looking holds a grant for, so may follow a link to.</summary>
public sealed record HeldCase(Guid Id, string Reference);

/// <summary>
/// A leaver's open cases, as an administrator may see them: counts only, never content; a case appears by
/// reference only to someone who holds it, or, when no other active member holds it (<see cref="Unheld"/>, counted by
/// <see cref="NobodyElse"/>), by reference to everyone: nobody can open such a case, and it needs the operator's regrant-case.
/// </summary>
public sealed record LeaverCasesSummary(int Open, int Assigned, int NobodyElse, IReadOnlyList<HeldCase> ViewerHolds, IReadOnlyList<string> Unheld)
{
    public static readonly LeaverCasesSummary None = new(0, 0, 0, [], []);
}

/// <summary>
/// Leavers (DESIGN §3): when an account is deactivated, every key grant it held (every purpose) is removed
/// and it is unassigned from its cases, in the same transaction as the deactivation, each audited per case.
/// </summary>
public static class LeaverCases
{
    public static async Task<LeaverCasesSummary> OpenCasesAsync(ReportPortalDbContext db, Guid memberId, Guid viewerId, CancellationToken cancellationToken)
    {
        var cases = await db.Cases.AsNoTracking()
            .Where(c => c.Status != CaseStatus.Closed
                && (c.AssigneeStaffMemberId == memberId || db.KeyGrants.Any(g => g.CaseId == c.Id && g.StaffMemberId == memberId)))
            .Select(c => new
            {
                c.Id,
                c.Reference,
                Assigned = c.AssigneeStaffMemberId == memberId,
                OthersHold = db.KeyGrants.Any(g => g.CaseId == c.Id && g.Holder == KeyHolder.Staff && g.Purpose == KeyPurpose.CaseContent
                    && g.StaffMemberId != memberId && db.StaffMembers.Any(m => m.Id == g.StaffMemberId && m.IsActive)),
                ViewerHolds = db.KeyGrants.Any(g => g.CaseId == c.Id && g.Holder == KeyHolder.Staff && g.Purpose == KeyPurpose.CaseContent && g.StaffMemberId == viewerId),
            })
            .ToListAsync(cancellationToken);
        return new LeaverCasesSummary(cases.Count, cases.Count(c => c.Assigned), cases.Count(c => !c.OthersHold),
            cases.Where(c => c.ViewerHolds).OrderBy(c => c.Reference, StringComparer.Ordinal).Select(c => new HeldCase(c.Id, c.Reference)).ToList(),
            cases.Where(c => !c.OthersHold).Select(c => c.Reference).Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>Removes every grant of the member and unassigns them, inside the caller's transaction; audited per case.</summary>
    public static async Task ReleaseAsync(ReportPortalDbContext db, AuditLog audit, Guid memberId, Guid administratorId, CancellationToken cancellationToken)
    {
        var grants = await db.KeyGrants.AsNoTracking().Where(g => g.StaffMemberId == memberId)
            .Select(g => new { g.CaseId, g.Purpose }).ToListAsync(cancellationToken);
        var assigned = await db.Cases.AsNoTracking().Where(c => c.AssigneeStaffMemberId == memberId).Select(c => c.Id).ToListAsync(cancellationToken);
        var touched = grants.Select(g => g.CaseId).Union(assigned).ToList();
        await db.KeyGrants.Where(g => g.StaffMemberId == memberId).ExecuteDeleteAsync(cancellationToken);
        // One atomic UPDATE, so a handler's change racing with this one is refused by its version, never lost.
        await db.Cases.Where(c => touched.Contains(c.Id)).ExecuteUpdateAsync(u => u
            .SetProperty(c => c.AssigneeStaffMemberId, c => c.AssigneeStaffMemberId == memberId ? null : c.AssigneeStaffMemberId)
            .SetProperty(c => c.Version, c => c.Version + 1), cancellationToken);
        foreach (var held in grants.GroupBy(g => g.CaseId))
        {
            var purposes = string.Join(",", held.Select(g => StoredNames.Purpose[g.Purpose]).Distinct().Order(StringComparer.Ordinal));
            await audit.AppendAsync(AuditActions.GrantRemoved, administratorId, held.Key, $"staff {memberId:N} left: {purposes} grant removed", cancellationToken);
        }

        foreach (var caseId in assigned)
        {
            await audit.AppendAsync(AuditActions.AssignmentChanged, administratorId, caseId, $"staff {memberId:N} left: unassigned", cancellationToken);
        }
    }
}
