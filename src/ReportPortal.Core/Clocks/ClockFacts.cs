using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Database;
using ReportPortal.Core.Welfare;

namespace ReportPortal.Core.Clocks;

/// <summary>One case's clock facts, with the force whose settings time them.</summary>
public sealed record CaseClockSource(Guid CaseId, Guid ForceId, CaseClockFacts Facts);

/// <summary>
/// The <see cref="CaseClockFacts"/> of cases, read from the case's own dates and its welfare support, never
/// from the due days stored when a clock started: the staff inbox, the workflow's notices and its last check
/// before sending all read them here, so they agree, and a changed date or setting moves every one of them.
/// Only dates, states and ids are read (the workflow role may read nothing else).
/// </summary>
public static class ClockFacts
{
    public static async Task<List<CaseClockSource>> LoadAsync(ReportPortalDbContext db, IQueryable<Case> cases, CancellationToken cancellationToken)
    {
        var rows = await cases.AsNoTracking()
            .Select(c => new
            {
                c.Id, c.ForceId, c.SubmittedOn, c.AcknowledgedOn, c.ClosedOn, c.Outcome,
                c.ReferralCriterionTickedOn, c.ReferralDecidedOn, c.WelfareNeededSince,
            })
            .ToListAsync(cancellationToken);
        var welfareIds = rows.Where(r => r.WelfareNeededSince is not null).Select(r => r.Id).ToList();
        var supports = await db.WelfareSupports.AsNoTracking()
            .Where(s => welfareIds.Contains(s.CaseId))
            .Select(s => new { s.CaseId, s.AssignedOn, s.EndedOn })
            .ToDictionaryAsync(s => s.CaseId, cancellationToken);
        var contacts = await db.WelfareLogEntries.AsNoTracking()
            .Where(e => welfareIds.Contains(e.CaseId) && e.Kind == WelfareLogKind.Contact)
            .Select(e => new { e.CaseId, e.WrittenOn })
            .ToListAsync(cancellationToken);

        return rows.Select(r =>
        {
            var support = r.WelfareNeededSince is null ? null : supports.GetValueOrDefault(r.Id);
            // Ending support meets its clocks, as the welfare desk records it; only steps on or after the need count.
            var ended = After(r.WelfareNeededSince, support?.EndedOn);
            var firstContact = contacts.Where(c => c.CaseId == r.Id && After(r.WelfareNeededSince, c.WrittenOn) is not null)
                .Select(c => (DateOnly?)c.WrittenOn).Min();
            return new CaseClockSource(r.Id, r.ForceId, new CaseClockFacts
            {
                SubmittedOn = r.SubmittedOn,
                AcknowledgedOn = r.AcknowledgedOn,
                ClosedOn = r.ClosedOn,
                // A case closes only with its feedback to the reporter, sent the same day.
                FeedbackGivenOn = r.ClosedOn,
                Withdrawn = r.Outcome == CaseOutcome.Withdrawn,
                ReferralCriterionTickedOn = r.ReferralCriterionTickedOn,
                ReferralDecidedOn = r.ReferralDecidedOn,
                WelfareNeededSince = r.WelfareNeededSince,
                WelfareLeadAssignedOn = (support?.EndedOn is null ? After(r.WelfareNeededSince, support?.AssignedOn) : null) ?? ended,
                WelfareFirstContactOn = firstContact ?? ended,
            });
        }).ToList();
    }

    /// <summary>The force settings of the given forces.</summary>
    public static Task<Dictionary<Guid, Forces.ClockSettings>> SettingsAsync(ReportPortalDbContext db, IEnumerable<Guid> forceIds, CancellationToken cancellationToken)
    {
        var ids = forceIds.Distinct().ToList();
        return db.Forces.AsNoTracking().Where(f => ids.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.Clocks, cancellationToken);
    }

    private static DateOnly? After(DateOnly? neededSince, DateOnly? day) => neededSince is { } since && day >= since ? day : null;
}
