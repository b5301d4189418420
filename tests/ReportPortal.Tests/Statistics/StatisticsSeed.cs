using ReportPortal.Core.Cases;
using ReportPortal.Core.Retention;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Statistics;

/// <summary>Cases and tombstones written straight into the database, with only what statistics read: dates, states, outcomes, events.</summary>
public static class StatisticsSeed
{
    /// <summary>A fixed day (a Thursday in the April–June quarter), so every quarter and clock below is known by hand.</summary>
    public static readonly DateTimeOffset Today = new(2027, 5, 20, 12, 0, 0, TimeSpan.Zero);

    public static Task LiveAsync(ReporterApp app, Guid forceId, int count, CaseStatus status, DateOnly submitted,
        DateOnly? acknowledged = null, DateOnly? closed = null, CaseOutcome? outcome = null, DateOnly? feedback = null) =>
        app.WithDatabaseAsync(async db =>
        {
            for (var i = 0; i < count; i++)
            {
                var @case = new Case
                {
                    ForceId = forceId,
                    Reference = "RP-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant(),
                    Status = status,
                    SubmittedOn = submitted,
                    AcknowledgedOn = acknowledged,
                    ClosedOn = closed,
                    Outcome = outcome,
                    Categories = ReportCategories.Racist,
                    ReceiptLookup = Guid.NewGuid().ToByteArray(),
                    SubmissionTokenHash = Guid.NewGuid().ToByteArray(),
                    SealedAccount = [1, 2, 3],
                };
                @case.Events.Add(new CaseEvent { CaseId = @case.Id, Sequence = 1, Kind = CaseEventKind.Submitted, OccurredOn = submitted });
                if (feedback is { } given)
                {
                    @case.Events.Add(new CaseEvent { CaseId = @case.Id, Sequence = 2, Kind = CaseEventKind.FeedbackGiven, OccurredOn = given });
                }

                @case.LastEventSequence = @case.Events.Count;
                db.Cases.Add(@case);
            }

            await db.SaveChangesAsync();
        });

    public static Task TombstonesAsync(ReporterApp app, Guid forceId, int count, DateOnly submitted, DateOnly closed, CaseOutcome outcome, bool? acknowledgedOnTime, bool? feedbackOnTime) =>
        app.WithDatabaseAsync(async db =>
        {
            for (var i = 0; i < count; i++)
            {
                db.CaseTombstones.Add(new CaseTombstone
                {
                    ForceId = forceId,
                    Outcome = outcome,
                    SubmittedMonth = CaseTombstone.MonthOf(submitted),
                    ClosedMonth = CaseTombstone.MonthOf(closed),
                    ShreddedOn = DateOnly.FromDateTime(Today.UtcDateTime),
                    AcknowledgedOnTime = acknowledgedOnTime,
                    FeedbackOnTime = feedbackOnTime,
                });
            }

            await db.SaveChangesAsync();
        });

    /// <summary>Each body row of a table on the page: its heading and its cells as shown.</summary>
    public static List<(string Row, string[] Cells)> Table(LoadedPage page, string id)
    {
        var table = page.Document.QuerySelector($"table#{id}") ?? throw new InvalidOperationException($"no table {id}");
        return [.. table.QuerySelectorAll("tbody tr").Select(tr => (
            tr.QuerySelector("th")!.TextContent.Trim(),
            tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()))];
    }
}
