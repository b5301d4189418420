extern alias workflow;

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Notifications;
using ReportPortal.Tests.Infrastructure;
using ReportPortal.Tests.TestHost;
using ClockNotices = workflow::ReportPortal.Workflow.Clocks.ClockNotices;

namespace ReportPortal.Tests.Workflow;

/// <summary>The handler's inbox and the workflow's notices read the same facts through the same rules, so they agree.</summary>
public sealed class InboxAgreementTests : StaffAppTest
{
    [Fact]
    public async Task After_a_force_tightens_its_acknowledgement_clock_the_inbox_and_the_workflow_show_the_same_due_day()
    {
        var alice = await App.AddStaffAsync("alice", "4001");
        await FileAsync(new ReportFields());
        await App.RunIntakeAsync();
        var filedOn = UkCalendar.Today(App.Clock);

        // The force moves to 3 days (escalating at 2) after the report came in: the clock stored at filing still says 7.
        await App.WithDatabaseAsync(db => db.Forces.ExecuteUpdateAsync(s => s
            .SetProperty(f => f.Clocks.AcknowledgeWithinDays, 3).SetProperty(f => f.Clocks.AcknowledgeEscalateAfterDays, 2)));
        App.Clock.Advance(TimeSpan.FromDays(4));
        var stored = await App.WithDatabaseAsync(db => db.Deadlines.AsNoTracking().SingleAsync(d => d.Kind == DeadlineKind.HumanAcknowledgement));
        Assert.Equal(filedOn.AddDays(7), stored.DueOn);

        var inbox = await (await Staff.SignInAsync(alice)).GetAsync("/staff/cases");
        var clocks = Assert.Single(inbox.Document.QuerySelectorAll("#cases tbody tr")).TextContent;
        var dueDay = filedOn.AddDays(3);
        Assert.Contains($"Acknowledgement was due {dueDay.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"))}", clocks, StringComparison.Ordinal);

        await using (var db = ReporterApp.Database(PostgresServer.AsRole(App.AdminConnectionString, PostgresServer.TestRoles.WorkflowRole)))
        {
            await new ClockNotices(db, WorkingCalendar.EnglandAndWales, App.Clock).RaiseAsync(CancellationToken.None);
        }

        var notice = await App.WithDatabaseAsync(db => db.Notifications.AsNoTracking().SingleAsync(n => n.Clock == DeadlineKind.HumanAcknowledgement));
        Assert.Equal((NotificationKind.ClockOverdue, dueDay), (notice.Kind, notice.ClockDueOn));
    }
}
