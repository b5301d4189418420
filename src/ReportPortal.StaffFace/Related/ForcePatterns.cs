using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Database;
using ReportPortal.StaffFace.Cases;

namespace ReportPortal.StaffFace.Related;

/// <summary>A chat group or colleague named in several of the force's reports, by a neutral label for this page only.</summary>
public sealed record PatternRow(string Label, int Reports);

public sealed record PatternsView(IReadOnlyList<PatternRow> Groups, IReadOnlyList<PatternRow> ColleaguesByNumber, IReadOnlyList<PatternRow> ColleaguesByName, int OpenReports);

/// <summary>
/// The force-level pattern view: how many of the force's reports name the same chat group or the same
/// colleague, counted by blind index and shown as "Group A", "Colleague A"; nothing is opened or decrypted,
/// and a report the viewer is kept away from (named, or a declared conflict) is not counted.
/// </summary>
public sealed class ForcePatterns(ReportPortalDbContext db, CaseAccess access)
{
    /// <summary>Fewer reports than this sharing a value is not a pattern.</summary>
    public const int Threshold = 2;

    public async Task<PatternsView?> ViewAsync(CancellationToken cancellationToken)
    {
        if (access.HandlerForceId is not { } forceId)
        {
            return null;
        }

        var me = access.StaffMemberId;
        var index = await db.StaffMembers.AsNoTracking().Where(s => s.Id == me).Select(s => s.StaffNumberIndex).SingleOrDefaultAsync(cancellationToken);
        var excluded = ConflictRule.ExcludedCaseIds(db, me, index);
        var cases = db.Cases.Where(c => c.ForceId == forceId && !excluded.Contains(c.Id));

        var groups = await cases.Where(c => c.GroupIndex != null).GroupBy(c => c.GroupIndex!)
            .Select(g => g.Count()).Where(n => n >= Threshold).ToListAsync(cancellationToken);
        var subjects = db.CaseSubjects.Where(s => cases.Select(c => c.Id).Contains(s.CaseId));
        var byNumber = await subjects.Where(s => s.StaffNumberIndex != null).GroupBy(s => s.StaffNumberIndex!)
            .Select(g => g.Select(s => s.CaseId).Distinct().Count()).Where(n => n >= Threshold).ToListAsync(cancellationToken);
        var byName = await subjects.Where(s => s.NameIndex != null).GroupBy(s => s.NameIndex!)
            .Select(g => g.Select(s => s.CaseId).Distinct().Count()).Where(n => n >= Threshold).ToListAsync(cancellationToken);
        var open = await cases.CountAsync(c => c.Status != CaseStatus.Closed, cancellationToken);
        return new PatternsView(Label("Group", groups), Label("Colleague", byNumber), Label("Name", byName), open);
    }

    /// <summary>Largest first; the letters follow that order, so a label says nothing about the value behind it.</summary>
    private static List<PatternRow> Label(string noun, IEnumerable<int> counts) =>
        counts.OrderByDescending(n => n).Select((n, i) => new PatternRow($"{noun} {Letters(i)}", n)).ToList();

    private static string Letters(int i) => i < 26 ? ((char)('A' + i)).ToString() : Letters((i / 26) - 1) + (char)('A' + (i % 26));
}
