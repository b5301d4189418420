extern alias workflow;

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReportPortal.Core.Cases;
using ReportPortal.Core.CheckIns;
using ReportPortal.Tests.Infrastructure;
using ReportPortal.Tests.TestHost;
using ReportPortal.Tests.Workflow;
using CheckInsDue = workflow::ReportPortal.Workflow.CheckIns.CheckInsDue;

namespace ReportPortal.Tests.CheckIns;

/// <summary>Runs the workflow's check-in step as the workflow database role, on a clock the test moves.</summary>
public static class CheckInRun
{
    public static async Task<int> MakeDueAsync(string adminConnectionString, TimeProvider clock)
    {
        await using var db = ReporterApp.Database(PostgresServer.AsRole(adminConnectionString, PostgresServer.TestRoles.WorkflowRole));
        return await new CheckInsDue(db, clock).MakeDueAsync(CancellationToken.None);
    }
}

/// <summary>
/// The workflow makes retaliation check-ins due from the case's own dates, as its own role: once per case and
/// due day however often and however many nodes run it, never for a withdrawn report, on after closure while
/// the reporter can still open the case, and after a pause only the latest missed one.
/// </summary>
public sealed class CheckInWorkflowTests : IAsyncLifetime
{
    private string _database = default!;

    public async Task InitializeAsync() => _database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync();

    public Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Each_check_in_is_made_once_not_for_a_withdrawn_report_and_on_after_closure_while_the_reporter_has_access()
    {
        var force = await WorkflowData.ForceAsync(_database);
        await using (var db = ReporterApp.Database(_database))
        {
            await db.Database.ExecuteSqlAsync($"""UPDATE "Forces" SET "ReporterAccessEndsMonthsAfterClosure" = 2 WHERE "Id" = {force.Id}""");
        }

        // Filed on the last day of January: the first check-in is due on the last day of February.
        var submitted = new DateOnly(2026, 1, 31);
        var open = await WorkflowData.CaseAsync(_database, force, submitted);
        var withdrawn = await WorkflowData.CaseAsync(_database, force, submitted);
        var closed = await WorkflowData.CaseAsync(_database, force, submitted);
        var accessEnds = await WorkflowData.CaseAsync(_database, force, submitted);
        await using (var db = ReporterApp.Database(_database))
        {
            await db.Cases.Where(c => c.Id == withdrawn.Id).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Outcome, CaseOutcome.Withdrawn).SetProperty(c => c.Status, CaseStatus.Closed).SetProperty(c => c.ClosedOn, new DateOnly(2026, 2, 2)));
            // Closed in April: access runs to June, past the three-month check-in.
            await db.Cases.Where(c => c.Id == closed.Id).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Outcome, CaseOutcome.NoCaseToAnswer).SetProperty(c => c.Status, CaseStatus.Closed).SetProperty(c => c.ClosedOn, new DateOnly(2026, 4, 20)));
            // Closed early in February: access ends early in April, before the three-month check-in.
            await db.Cases.Where(c => c.Id == accessEnds.Id).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Outcome, CaseOutcome.NoCaseToAnswer).SetProperty(c => c.Status, CaseStatus.Closed).SetProperty(c => c.ClosedOn, new DateOnly(2026, 2, 3)));
        }

        var clock = new ManualTimeProvider(At("2026-02-27T12:00:00Z"));
        Assert.Equal(0, await CheckInRun.MakeDueAsync(_database, clock));

        clock.Advance(TimeSpan.FromDays(1));
        // Two nodes at once, then again: each due check-in is made exactly once.
        var raced = await Task.WhenAll(CheckInRun.MakeDueAsync(_database, clock), CheckInRun.MakeDueAsync(_database, clock));
        Assert.Equal(3, raced.Sum());
        Assert.Equal(0, await CheckInRun.MakeDueAsync(_database, clock));
        var rows = await RowsAsync();
        Assert.Equal(new[] { open.Id, closed.Id, accessEnds.Id }.Order(), rows.Select(r => r.CaseId).Order());
        Assert.All(rows, r =>
        {
            Assert.Equal(new DateOnly(2026, 2, 28), r.DueOn);
            Assert.Equal(new DateOnly(2026, 2, 28), r.SentOn);
            Assert.Equal(CheckInTemplate.OneMonth, r.Template);
            Assert.Null(r.SealedAnswer);
        });

        // Three months on: the case closed in April still gets it; the one whose access ended does not.
        clock.Advance(TimeSpan.FromDays(61));
        Assert.Equal(new DateOnly(2026, 4, 30), Core.Clocks.UkCalendar.Today(clock));
        Assert.Equal(2, await CheckInRun.MakeDueAsync(_database, clock));
        Assert.Equal(0, await CheckInRun.MakeDueAsync(_database, clock));
        rows = await RowsAsync();
        Assert.Equal(new[] { open.Id, closed.Id }.Order(), rows.Where(r => r.Template == CheckInTemplate.ThreeMonths).Select(r => r.CaseId).Order());
        Assert.DoesNotContain(rows, r => r.CaseId == withdrawn.Id);

        // The workflow was down from May to February: the six-month check-in is skipped, only the year's is sent, once.
        clock.Advance(At("2027-02-10T12:00:00Z") - clock.GetUtcNow());
        Assert.Equal(1, await CheckInRun.MakeDueAsync(_database, clock));
        Assert.Equal(0, await CheckInRun.MakeDueAsync(_database, clock));
        var last = (await RowsAsync()).Where(r => r.CaseId == open.Id).OrderBy(r => r.DueOn).Select(r => (r.DueOn, r.Template)).ToList();
        Assert.Equal(
            [(new DateOnly(2026, 2, 28), CheckInTemplate.OneMonth), (new DateOnly(2026, 4, 30), CheckInTemplate.ThreeMonths), (new DateOnly(2027, 1, 31), CheckInTemplate.TwelveMonths)],
            last);

        // More than a month after the last due day nothing is sent late, however long the case stays open.
        var late = await WorkflowData.CaseAsync(_database, force, new DateOnly(2025, 12, 1));
        Assert.Equal(0, await CheckInRun.MakeDueAsync(_database, clock));
        Assert.DoesNotContain(await RowsAsync(), r => r.CaseId == late.Id);
    }

    [Fact]
    public void Every_check_in_month_of_the_clock_rules_has_its_own_template()
    {
        var templates = Core.Clocks.ClockRules.CheckInMonths.Select(CheckInRules.TemplateFor).ToList();
        Assert.Equal(templates.Count, templates.Distinct().Count());
        Assert.Equal(Enum.GetValues<CheckInTemplate>().Order(), templates.Order());
    }

    private async Task<List<CheckIn>> RowsAsync()
    {
        await using var db = ReporterApp.Database(_database);
        return await db.CheckIns.AsNoTracking().ToListAsync();
    }

    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture);
}
