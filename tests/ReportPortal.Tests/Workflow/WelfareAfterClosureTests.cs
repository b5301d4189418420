extern alias staff;

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Notifications;
using ReportPortal.Core.Staff;
using ReportPortal.Tests.Infrastructure;
using ReportPortal.Tests.TestHost;
using StaffRoles = staff::ReportPortal.StaffFace.Staff.StaffRoles;

namespace ReportPortal.Tests.Workflow;

/// <summary>
/// Retaliation often comes after a case closes: welfare alerts about a closed case still reach the welfare lead
/// by email, while the handlers' notices about it (welfare or not) are dropped.
/// </summary>
public sealed class WelfareAfterClosureTests : IAsyncLifetime
{
    private readonly SmtpCatcher _smtp = SmtpCatcher.Start();
    private readonly ShiftedTimeProvider _clock = new(DateTimeOffset.Parse("2026-11-20T10:00:00Z", CultureInfo.InvariantCulture));
    private readonly List<WorkflowHost> _hosts = [];
    private string _database = default!;

    public async Task InitializeAsync() => _database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync();

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        _smtp.Dispose();
        NpgsqlConnection.ClearAllPools();
    }

    [Fact]
    public async Task A_welfare_alert_about_a_closed_case_reaches_the_welfare_lead_and_not_the_handler()
    {
        var force = await WorkflowData.ForceAsync(_database);
        var alice = await WorkflowData.HandlerAsync(_database, force, "alice");
        var wanda = await WorkflowData.HandlerAsync(_database, force, "wanda");
        var today = UkCalendar.Today(_clock);
        var closed = await WorkflowData.CaseAsync(_database, force, today, alice);
        await using (var db = ReporterApp.Database(_database))
        {
            db.StaffMemberRoles.Add(new StaffRoleAssignment { StaffMemberId = wanda.Id, Role = StaffRoles.WelfareLead });
            await db.Cases.Where(c => c.Id == closed.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.ClosedOn, today).SetProperty(c => c.Status, CaseStatus.Closed));
            // As the reporter's "I am being treated badly" raises it: to the welfare lead and the handler.
            Outbox.Notify(db, NotificationKind.WelfareAlert, closed.Id, [wanda.Id, alice.Id], _clock);
            Outbox.Notify(db, NotificationKind.WelfareAssigned, closed.Id, [wanda.Id], _clock);
            Outbox.CaseGranted(db, closed.Id, [wanda.Id], _clock);
            await db.SaveChangesAsync();
        }

        _hosts.Add(new WorkflowHost(_database, _smtp.Port, _clock));
        _ = _hosts[0].Services;

        var mail = await _smtp.WaitForAsync(1);
        await Task.Delay(TimeSpan.FromSeconds(3));
        mail = _smtp.Messages();
        var sent = Assert.Single(mail);
        Assert.Equal("wanda@force.test", sent.To);
        Assert.Contains("2 things need your attention", sent.Raw, StringComparison.Ordinal);
        await using (var db = ReporterApp.Database(_database))
        {
            var notifications = await db.Notifications.AsNoTracking().ToListAsync();
            Assert.NotNull(notifications.Single(n => n.StaffMemberId == alice.Id).DroppedOn);
            // Not a welfare notice: dropped for a closed case, welfare lead or not.
            Assert.NotNull(notifications.Single(n => n.Kind == NotificationKind.CaseGranted).DroppedOn);
            Assert.All(notifications.Where(n => n.StaffMemberId == wanda.Id && n.Kind != NotificationKind.CaseGranted), n => Assert.Null(n.DroppedOn));
        }
    }
}
