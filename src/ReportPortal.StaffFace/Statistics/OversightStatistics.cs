using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;
using ReportPortal.Core.Statistics;
using ReportPortal.StaffFace.Cases;
using ReportPortal.StaffFace.Staff;

namespace ReportPortal.StaffFace.Statistics;

/// <summary>The smallest count shown as a number (ReportPortal:Statistics:SuppressBelow, docs/statistics.md).</summary>
public sealed record StatisticsSettings(int SuppressBelow);

public sealed record ForceChoice(string Code, string Name);

public sealed record StatisticsView(
    string Scope, IReadOnlyList<ForceChoice> Choices, string? ChosenCode, bool Empty,
    StatisticsTable Received, StatisticsTable Closed, StatisticsTable Open, StatisticsTable Clocks);

/// <summary>
/// Oversight statistics: counts per quarter, per outcome, per stage and per clock verdict, computed by
/// aggregate queries in the database over the cases still held and the tombstones of shredded ones
/// together, so a shred never changes a figure. Only dates, states, outcomes and clock verdicts are read,
/// never a sealed column; no case id, reference, day or category leaves the query. Every figure then goes
/// through <see cref="SmallNumbers"/> before the page sees it.
/// </summary>
public sealed class OversightStatistics(ReportPortalDbContext db, ICurrentStaff staff, StatisticsSettings settings, TimeProvider time)
{
    private static readonly CaseStatus[] OpenStages = [CaseStatus.Received, CaseStatus.Acknowledged, CaseStatus.Assessing, CaseStatus.UnderInvestigation];

    /// <summary>
    /// An analyst of a force sees that force. A national analyst sees every force together, or one chosen
    /// by its code (<paramref name="forceCode"/>); null when they ask for a force that does not exist.
    /// </summary>
    public async Task<StatisticsView?> LoadAsync(string? forceCode, CancellationToken cancellationToken)
    {
        var forces = await db.Forces.AsNoTracking()
            .Where(f => staff.ForceId == null || f.Id == staff.ForceId)
            .OrderBy(f => f.Name).Select(f => new { f.Id, f.Code, f.Name }).ToListAsync(cancellationToken);
        var chosen = staff.ForceId is null && !string.IsNullOrEmpty(forceCode) ? forces.FirstOrDefault(f => f.Code == forceCode) : null;
        if (chosen is null && staff.ForceId is null && !string.IsNullOrEmpty(forceCode))
        {
            return null;
        }

        var inScope = chosen is null ? forces : [chosen];
        var scope = staff.ForceId is not null ? inScope.Single().Name : chosen?.Name ?? "All forces";
        var choices = staff.ForceId is null ? forces.Select(f => new ForceChoice(f.Code, f.Name)).ToList() : [];
        var today = UkCalendar.Today(time);
        var counts = await CountAsync([.. inScope.Select(f => f.Id)], today, cancellationToken);
        var view = Build(counts, today, settings.SuppressBelow) with { Scope = scope, Choices = choices, ChosenCode = chosen?.Code };
        return view;
    }

    /// <summary>One aggregate row: which figure, the quarter it falls in (if any), the key within it, how many.</summary>
    public sealed record Count(string Figure, DateOnly? Quarter, string Key, int Cases);

    private Task<List<Count>> CountAsync(Guid[] forceIds, DateOnly today, CancellationToken cancellationToken)
    {
        var closed = StoredNames.Status[CaseStatus.Closed];
        var sql = $"""
            WITH every_case AS (
                SELECT v."Status" <> '{closed}' AS open, v."Status" AS status, v."Outcome" AS outcome,
                       date_trunc('quarter', v."SubmittedOn"::timestamp)::date AS submitted, date_trunc('quarter', v."ClosedOn"::timestamp)::date AS closed,
                       v."AcknowledgedOnTime" AS ack, v."FeedbackOnTime" AS feedback
                FROM ({ClockVerdicts.CasesSql("c.\"ForceId\" = ANY(@forces)")}) v
                UNION ALL
                -- Shredded cases: always closed; counted by the months their tombstone keeps.
                SELECT false, '{closed}', t."Outcome",
                       date_trunc('quarter', t."SubmittedMonth"::timestamp)::date, date_trunc('quarter', t."ClosedMonth"::timestamp)::date,
                       t."AcknowledgedOnTime", t."FeedbackOnTime"
                FROM "CaseTombstones" t WHERE t."ForceId" = ANY(@forces))
            SELECT 'received' AS "Figure", submitted AS "Quarter", CASE WHEN open THEN 'open' ELSE 'closed' END AS "Key", count(*)::int AS "Cases"
                FROM every_case GROUP BY 1, 2, 3
            UNION ALL
            SELECT 'closed', closed, coalesce(outcome, ''), count(*)::int FROM every_case WHERE NOT open GROUP BY 1, 2, 3
            UNION ALL
            SELECT 'open', NULL::date, status, count(*)::int FROM every_case WHERE open GROUP BY 1, 2, 3
            UNION ALL
            SELECT 'acknowledgement', NULL::date, CASE WHEN ack THEN 'on-time' ELSE 'late' END, count(*)::int FROM every_case WHERE ack IS NOT NULL GROUP BY 1, 2, 3
            UNION ALL
            SELECT 'feedback', NULL::date, CASE WHEN feedback THEN 'on-time' ELSE 'late' END, count(*)::int FROM every_case WHERE feedback IS NOT NULL GROUP BY 1, 2, 3
            """;
        return db.Database.SqlQueryRaw<Count>(sql, ClockVerdicts.Today(today), new NpgsqlParameter("forces", forceIds)).ToListAsync(cancellationToken);
    }

    /// <summary>The four tables from the aggregate rows, suppressed together (two of them share totals).</summary>
    public static StatisticsView Build(IReadOnlyList<Count> counts, DateOnly today, int suppressBelow)
    {
        int Of(string figure, DateOnly? quarter, string key) =>
            counts.Where(c => c.Figure == figure && c.Quarter == quarter && c.Key == key).Sum(c => c.Cases);

        // Every quarter from the first with anything in it to this one, empty quarters included.
        var current = QuarterOf(today);
        var dated = counts.Where(c => c.Quarter is not null).Select(c => c.Quarter!.Value).Append(current).ToList();
        var quarters = new List<DateOnly>();
        for (var q = dated.Min(); q <= dated.Max(); q = q.AddMonths(3))
        {
            quarters.Add(q);
        }

        var quarterLabels = quarters.Select(QuarterLabel).ToList();
        var received = StatisticsTable.Grid("received", "Reports received, by quarter of submission", "Quarter received", quarterLabels,
            ["Still open", "Closed"], (r, c) => Of("received", quarters[r], c == 0 ? "open" : "closed"), totalColumn: "All reports", totalRow: "All quarters");

        var outcomes = Enum.GetValues<CaseOutcome>().Select(o => (Key: StoredNames.Outcome[o], Label: CaseLabels.Outcome(o).Split(" (")[0])).ToList();
        if (counts.Any(c => c is { Figure: "closed", Key: "" }))
        {
            outcomes.Add(("", "No outcome recorded"));
        }

        var closed = StatisticsTable.Grid("closed", "Cases closed, by quarter of closure and outcome", "Quarter closed", quarterLabels,
            [.. outcomes.Select(o => o.Label)], (r, c) => Of("closed", quarters[r], outcomes[c].Key),
            totalColumn: "All", totalRow: "All quarters", grandTotal: received.ColumnTotal(1));

        var open = StatisticsTable.Grid("open", "Cases open now, by stage", "Stage", [.. OpenStages.Select(CaseLabels.Status)],
            ["Cases"], (r, _) => Of("open", null, StoredNames.Status[OpenStages[r]]), totalRow: "All open cases", grandTotal: received.ColumnTotal(0));

        string[] clockFigures = ["acknowledgement", "feedback"];
        var clocks = StatisticsTable.Grid("clocks", "Acknowledgement and feedback, on time or late", "Clock",
            [CaseLabels.Clock(DeadlineKind.HumanAcknowledgement), CaseLabels.Clock(DeadlineKind.FeedbackToReporter)],
            ["On time", "Late"], (r, c) => Of(clockFigures[r], null, c == 0 ? "on-time" : "late"), totalColumn: "All with a verdict");

        StatisticsTable[] tables = [received, closed, open, clocks];
        SmallNumbers.Suppress(tables.SelectMany(t => t.Cells).Distinct(), [.. tables.SelectMany(t => t.Lines)], suppressBelow);
        return new StatisticsView("", [], null, received.ColumnTotal(2).Value == 0, received, closed, open, clocks);
    }

    public static DateOnly QuarterOf(DateOnly day) => new(day.Year, ((day.Month - 1) / 3 * 3) + 1, 1);

    public static string QuarterLabel(DateOnly quarter) =>
        string.Create(CultureInfo.GetCultureInfo("en-GB"), $"{quarter:MMMM} to {quarter.AddMonths(2):MMMM yyyy}");
}
