extern alias staff;

using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Notifications;
using ReportPortal.Core.Staff;
using ReportPortal.Tests.TestHost;
using StaffRoles = staff::ReportPortal.StaffFace.Staff.StaffRoles;

namespace ReportPortal.Tests.Workflow;

/// <summary>
/// Retaliation often comes after a case closes: welfare alerts about a closed case still reach the welfare lead
/// by email, while the handlers' notices about it (welfare or not) are dropped.
/// </summary>
public sealed class WelfareAfterClosureTests : WorkflowTest
{

    [Fact]
    public async Task A_welfare_alert_about_a_closed_case_reaches_the_welfare_lead_and_not_the_handler()
    {
        var force = await WorkflowData.ForceAsync(Database);
        var alice = await WorkflowData.HandlerAsync(Database, force, "alice");
        var wanda = await WorkflowData.HandlerAsync(Database, force, "wanda");
        var today = UkCalendar.Today(Clock);
        var closed = await WorkflowData.CaseAsync(Database, force, today, alice);
        await using (var db = ReporterApp.Database(Database))
        {
            db.StaffMemberRoles.Add(new StaffRoleAssignment { StaffMemberId = wanda.Id, Role = StaffRoles.WelfareLead });
            await db.Cases.Where(c => c.Id == closed.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.ClosedOn, today).SetProperty(c => c.Status, CaseStatus.Closed));
            // As the reporter's "I am being treated badly" raises it: to the welfare lead and the handler.
            Outbox.Notify(db, NotificationKind.WelfareAlert, closed.Id, [wanda.Id, alice.Id], Clock);
            Outbox.Notify(db, NotificationKind.WelfareAssigned, closed.Id, [wanda.Id], Clock);
            Outbox.CaseGranted(db, closed.Id, [wanda.Id], Clock);
            await db.SaveChangesAsync();
        }

        StartHost();

        var mail = await Smtp.WaitForAsync(1);
        await Task.Delay(TimeSpan.FromSeconds(3));
        mail = Smtp.Messages();
        var sent = Assert.Single(mail);
        Assert.Equal("wanda@force.test", sent.To);
        Assert.Contains("2 things need your attention", sent.Raw, StringComparison.Ordinal);
        await using (var db = ReporterApp.Database(Database))
        {
            var notifications = await db.Notifications.AsNoTracking().ToListAsync();
            Assert.NotNull(notifications.Single(n => n.StaffMemberId == alice.Id).DroppedOn);
            // Not a welfare notice: dropped for a closed case, welfare lead or not.
            Assert.NotNull(notifications.Single(n => n.Kind == NotificationKind.CaseGranted).DroppedOn);
            Assert.All(notifications.Where(n => n.StaffMemberId == wanda.Id && n.Kind != NotificationKind.CaseGranted), n => Assert.Null(n.DroppedOn));
        }
    }
}
