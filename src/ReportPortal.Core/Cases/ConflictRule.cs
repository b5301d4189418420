using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Database;
using ReportPortal.Core.Staff;

namespace ReportPortal.Core.Cases;

/// <summary>
/// Who may never hold, see, be told about or be given a case: anyone the report names (by staff-number index,
/// recorded at intake in <see cref="CaseExcludedStaffNumber"/>) and anyone who declared a conflict of interest
/// in it. Every path that makes a grant of any purpose, offers an assignee or lists staff for a case asks here.
/// </summary>
public static class ConflictRule
{
    /// <summary>Members of staff who may be given the case (the conflict rule only: callers add their own role checks).</summary>
    public static IQueryable<StaffMember> Eligible(ReportPortalDbContext db, Guid caseId) =>
        db.StaffMembers.Where(s =>
            !db.ConflictDeclarations.Any(d => d.CaseId == caseId && d.StaffMemberId == s.Id)
            && !(s.StaffNumberIndex != null && db.CaseExcludedStaffNumbers.Any(e => e.CaseId == caseId && e.StaffNumberIndex == s.StaffNumberIndex))
            && !(s.StaffNumberIndex != null && db.CaseSubjects.Any(x => x.CaseId == caseId && x.StaffNumberIndex == s.StaffNumberIndex)));

    /// <summary>Whether the member is kept away from the case (an unknown member is kept away too).</summary>
    public static async Task<bool> ExcludesAsync(ReportPortalDbContext db, Guid caseId, Guid staffMemberId, CancellationToken cancellationToken) =>
        !await Eligible(db, caseId).AnyAsync(s => s.Id == staffMemberId, cancellationToken);

    /// <summary>The cases the member is kept away from: related-report counts and force patterns leave these out.</summary>
    public static IQueryable<Guid> ExcludedCaseIds(ReportPortalDbContext db, Guid staffMemberId, byte[]? staffNumberIndex) =>
        db.ConflictDeclarations.Where(d => d.StaffMemberId == staffMemberId).Select(d => d.CaseId)
            .Union(db.CaseExcludedStaffNumbers.Where(e => staffNumberIndex != null && e.StaffNumberIndex == staffNumberIndex).Select(e => e.CaseId))
            .Union(db.CaseSubjects.Where(x => staffNumberIndex != null && x.StaffNumberIndex == staffNumberIndex).Select(x => x.CaseId));

    /// <summary>In memory, at intake, before the exclusions are saved: does a member's index match one named?</summary>
    public static bool Names(IEnumerable<byte[]> named, byte[]? staffNumberIndex) =>
        staffNumberIndex is { } own && named.Any(n => CryptographicOperations.FixedTimeEquals(n, own));

    /// <summary>Records the staff-number indexes intake found in a report (once each), with the case's other intake changes.</summary>
    public static void RecordNamed(ReportPortalDbContext db, Guid caseId, IEnumerable<byte[]> named)
    {
        foreach (var index in named.DistinctBy(Convert.ToHexString))
        {
            db.CaseExcludedStaffNumbers.Add(new CaseExcludedStaffNumber { CaseId = caseId, StaffNumberIndex = index });
        }
    }
}
