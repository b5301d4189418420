using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Notifications;
using ReportPortal.Core.Welfare;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Welfare;

/// <summary>
/// Welfare support through the real pages, as the staff and reporter database roles: the queue, assigning,
/// the sealed contact log, the welfare thread both ways, the reporter's "I need support" and "I am being
/// treated badly" reaching the right people, and ending support.
/// </summary>
public sealed class WelfareSupportTests : StaffAppTest
{
    [Fact]
    public async Task A_welfare_lead_assigns_themselves_logs_a_contact_and_writes_to_the_reporter_who_answers()
    {
        await App.AddStaffAsync("alice", "4001");
        var wanda = await App.AddStaffAsync("wanda", "5001", intake: false, roles: ["welfare-lead"]);
        var (receipt, _, _) = await FileAsync(new ReportFields().Set("support", "yes"));
        await App.RunIntakeAsync();
        var lead = await Staff.SignInAsync(wanda);

        var queue = await lead.GetAsync("/staff/welfare");
        var row = Assert.Single(queue.Document.QuerySelectorAll("#welfare-queue tbody tr"));
        Assert.Contains("Asked for support", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Not assigned", row.TextContent, StringComparison.Ordinal);
        var page = await lead.GetAsync(row.QuerySelector("a")!.GetAttribute("href")!);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        // A welfare lead never sees the report.
        Assert.DoesNotContain("Late Turn Lads", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("racist meme", page.Html, StringComparison.Ordinal);

        page = await lead.SubmitAsync(page, "assign", ("lead", wanda.Id.ToString()));
        Assert.Equal("wanda", page.Document.QuerySelector("#welfare-lead")!.TextContent);
        page = await lead.SubmitAsync(page, "log", ("kind", "contact"), ("text", "Phoned; they would like a call each week."));
        Assert.Contains("Phoned; they would like a call each week.", page.Document.QuerySelector("#welfare-log")!.TextContent, StringComparison.Ordinal);
        page = await lead.SubmitAsync(page, "message", ("text", "Hello, I am your welfare lead. When suits you for a call?"));

        var clocks = await App.WithDatabaseAsync(db => db.Deadlines.AsNoTracking()
            .Where(d => d.Kind == DeadlineKind.WelfareLeadAssignment || d.Kind == DeadlineKind.WelfareFirstContact).ToListAsync());
        Assert.Equal(2, clocks.Count);
        Assert.All(clocks, c => Assert.Equal(UkCalendar.Today(App.Clock), c.MetOn));
        var sealedLog = await App.WithDatabaseAsync(db => db.WelfareLogEntries.AsNoTracking().SingleAsync(e => e.Kind == WelfareLogKind.Contact));
        Assert.DoesNotContain("Phoned", System.Text.Encoding.Latin1.GetString(sealedLog.SealedBody!), StringComparison.Ordinal);

        // The reporter reads it as from "welfare support" and answers in the same thread.
        var inbox = await SignInAsync(receipt.Display);
        var welfare = inbox.Document.QuerySelectorAll(".rp-message--welfare").Single();
        Assert.Contains("Welfare support", welfare.TextContent, StringComparison.Ordinal);
        Assert.Contains("When suits you for a call?", welfare.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("wanda", welfare.TextContent, StringComparison.Ordinal);
        inbox = await Browser.SubmitAsync(inbox, "welfare-reply", ("welfare-reply", "Tuesday evenings are best."));
        Assert.Contains("Your message has been sent to welfare support.", inbox.Text, StringComparison.Ordinal);

        page = await lead.GetAsync(page.Address.AbsolutePath);
        Assert.Contains("Tuesday evenings are best.", page.Document.QuerySelector("#welfare-thread")!.TextContent, StringComparison.Ordinal);
        // Not in the case messages the handlers read.
        Assert.Equal(0, await App.WithDatabaseAsync(db => db.CaseMessages.CountAsync(m => m.Author == MessageAuthor.Reporter)));

        // Ending support is recorded and audited, and takes the reporter out of the queue.
        page = await lead.SubmitAsync(page, "end", ("version", page.Document.QuerySelector("form input[name='version']")!.GetAttribute("value")!), ("text", "They feel settled now."));
        Assert.Contains("Support ended", page.Document.QuerySelector("#welfare-lead")!.TextContent, StringComparison.Ordinal);
        queue = await lead.GetAsync("/staff/welfare");
        Assert.Empty(queue.Document.QuerySelectorAll("#welfare-queue tbody tr"));
        var actions = await App.WithDatabaseAsync(db => db.AuditEntries.AsNoTracking().Select(a => a.Action).ToListAsync());
        Assert.Contains(AuditActions.WelfareAssigned, actions);
        Assert.Contains(AuditActions.WelfareLogged, actions);
        Assert.Contains(AuditActions.WelfareMessageSent, actions);
        Assert.Contains(AuditActions.WelfareEnded, actions);
    }

    [Fact]
    public async Task Assigning_from_a_stale_page_is_refused_and_keeps_the_assignment_another_lead_made()
    {
        await App.AddStaffAsync("alice", "4001");
        var wanda = await App.AddStaffAsync("wanda", "5001", intake: false, roles: ["welfare-lead"]);
        var walt = await App.AddStaffAsync("walt", "5003", intake: false, roles: ["welfare-lead"]);
        await FileAsync(new ReportFields().Set("retaliation", "yes"));
        await App.RunIntakeAsync();
        var caseId = await App.WithDatabaseAsync(db => db.Cases.Select(c => c.Id).SingleAsync());
        var wandaSession = await Staff.SignInAsync(wanda);
        var waltSession = await Staff.SignInAsync(walt);
        var wandaPage = await wandaSession.GetAsync($"/staff/welfare/{caseId}");
        var waltPage = await waltSession.GetAsync($"/staff/welfare/{caseId}");

        await waltSession.SubmitAsync(waltPage, "assign", ("lead", walt.Id.ToString()));
        var stale = await wandaSession.SubmitAsync(wandaPage, "assign", ("lead", wanda.Id.ToString()));

        Assert.Equal(HttpStatusCode.Conflict, stale.Status);
        Assert.Contains("Someone else changed this case", stale.Document.QuerySelector("#problem")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(walt.Id, await App.WithDatabaseAsync(db => db.WelfareSupports.Select(s => s.LeadStaffMemberId).SingleAsync()));

        // Walt hands the reporter over to Wanda from a fresh page: a reassignment, recorded, and Wanda is told.
        waltPage = await waltSession.GetAsync($"/staff/welfare/{caseId}");
        waltPage = await waltSession.SubmitAsync(waltPage, "assign", ("lead", wanda.Id.ToString()));
        Assert.Equal("wanda", waltPage.Document.QuerySelector("#welfare-lead")!.TextContent);
        Assert.Equal(2, await App.WithDatabaseAsync(db => db.WelfareLogEntries.CountAsync(e => e.Kind == WelfareLogKind.Assigned)));
        Assert.Equal(1, await App.WithDatabaseAsync(db => db.Notifications.CountAsync(n => n.StaffMemberId == wanda.Id && n.Kind == NotificationKind.WelfareAssigned)));
    }

    [Fact]
    public async Task A_lead_without_a_grant_is_given_one_by_the_lead_who_assigns_them_but_no_one_named_in_the_report()
    {
        await App.AddStaffAsync("alice", "4001");
        var wanda = await App.AddStaffAsync("wanda", "5001", intake: false, roles: ["welfare-lead"]);
        await FileAsync(new ReportFields().Set("support", "yes"));
        await App.RunIntakeAsync();
        // Joined after intake, so holds no grant of the case; and one named in the report.
        var newcomer = await App.AddStaffAsync("nadia", "5004", intake: false, roles: ["welfare-lead"]);
        var named = await App.AddStaffAsync("nina", "1234", intake: false, roles: ["welfare-lead"]);
        var caseId = await App.WithDatabaseAsync(db => db.Cases.Select(c => c.Id).SingleAsync());
        var session = await Staff.SignInAsync(wanda);
        var page = await session.GetAsync($"/staff/welfare/{caseId}");
        var choices = page.Document.QuerySelectorAll("#assign-lead option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Contains(newcomer.Id.ToString(), choices);
        Assert.DoesNotContain(named.Id.ToString(), choices);

        var refused = await session.SubmitAsync(page, "assign", ("lead", named.Id.ToString()));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        page = await session.SubmitAsync(page, "assign", ("lead", newcomer.Id.ToString()));
        Assert.Equal("nadia", page.Document.QuerySelector("#welfare-lead")!.TextContent);

        var grant = await App.WithDatabaseAsync(db => db.KeyGrants.AsNoTracking().SingleAsync(g => g.StaffMemberId == newcomer.Id));
        Assert.Equal(KeyPurpose.Welfare, grant.Purpose);
        Assert.Equal(wanda.Id, grant.GrantedByStaffMemberId);
        Assert.False(await App.WithDatabaseAsync(db => db.KeyGrants.AnyAsync(g => g.StaffMemberId == named.Id)));
        var newcomerSession = await Staff.SignInAsync(newcomer);
        Assert.Equal(HttpStatusCode.OK, (await newcomerSession.GetAsync($"/staff/welfare/{caseId}")).Status);
    }

    [Fact]
    public async Task The_reporters_requests_reach_the_queue_and_alert_the_welfare_leads_then_the_assigned_lead_and_the_handlers()
    {
        var alice = await App.AddStaffAsync("alice", "4001");
        var wanda = await App.AddStaffAsync("wanda", "5001", intake: false, roles: ["welfare-lead"]);
        var walt = await App.AddStaffAsync("walt", "5003", intake: false, roles: ["welfare-lead"]);
        var (receipt, _, _) = await FileAsync(new ReportFields());
        await App.RunIntakeAsync();
        var lead = await Staff.SignInAsync(wanda);
        Assert.Empty((await lead.GetAsync("/staff/welfare")).Document.QuerySelectorAll("#welfare-queue tbody tr"));

        App.Clock.Advance(TimeSpan.FromDays(3));
        var inbox = await SignInAsync(receipt.Display);
        inbox = await Browser.SubmitAsync(inbox, "treatment", ("treatment-details", "Moved to nights the week after I reported."));
        Assert.Contains("treated badly because you reported", inbox.Text, StringComparison.Ordinal);
        var today = UkCalendar.Today(App.Clock);
        var @case = await App.WithDatabaseAsync(db => db.Cases.AsNoTracking().SingleAsync());
        Assert.Equal(today, @case.DetrimentReportedOn);
        // The note is sealed under the welfare key: in the welfare thread, not among the case messages.
        Assert.Contains("Moved to nights", inbox.Document.QuerySelector(".rp-message--reporter")!.TextContent, StringComparison.Ordinal);
        var request = await App.WithDatabaseAsync(db => db.WelfareMessages.AsNoTracking().SingleAsync());
        Assert.Equal(WelfareRequest.DetrimentReported, request.Request);
        Assert.Equal(1, await App.WithDatabaseAsync(db => db.CaseMessages.CountAsync()));

        // The welfare clocks start from today, by the clock rules; no lead yet, so every welfare lead and the handler hear.
        var force = await App.WithDatabaseAsync(db => db.Forces.AsNoTracking().SingleAsync(f => f.Code == "demo"));
        var assignment = await App.WithDatabaseAsync(db => db.Deadlines.AsNoTracking().SingleAsync(d => d.Kind == DeadlineKind.WelfareLeadAssignment));
        Assert.Equal(ClockRules.WelfareAssignment(today, force.Clocks, App.Services.GetRequiredService<WorkingCalendar>()), assignment.DueOn);
        Assert.Equal(new[] { alice.Id, walt.Id, wanda.Id }.Order(), (await AlertedAsync()).Order());

        lead = await Staff.SignInAsync(wanda);
        var queue = await lead.GetAsync("/staff/welfare");
        var row = Assert.Single(queue.Document.QuerySelectorAll("#welfare-queue tbody tr"));
        Assert.Contains("Treated badly", row.TextContent, StringComparison.Ordinal);
        Assert.Contains(Day(assignment.DueOn), row.TextContent, StringComparison.Ordinal);

        // The force gives welfare leads longer to take a reporter on: the queue's due day moves with the setting,
        // as the workflow's notices do (both come from the clock rules, not the day stored when the clock started).
        await App.WithDatabaseAsync(db => db.Forces.Where(f => f.Code == "demo").ExecuteUpdateAsync(u => u.SetProperty(f => f.Clocks.WelfareAssignWithinWorkingDays, 9)));
        force.Clocks.WelfareAssignWithinWorkingDays = 9;
        var longer = ClockRules.WelfareAssignment(today, force.Clocks, App.Services.GetRequiredService<WorkingCalendar>());
        Assert.NotEqual(assignment.DueOn, longer);
        row = Assert.Single((await lead.GetAsync("/staff/welfare")).Document.QuerySelectorAll("#welfare-queue tbody tr"));
        Assert.Contains(Day(longer), row.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(Day(assignment.DueOn), row.TextContent, StringComparison.Ordinal);
        var page = await lead.GetAsync(row.QuerySelector("a")!.GetAttribute("href")!);
        Assert.Contains("Moved to nights the week after I reported.", page.Document.QuerySelector("#welfare-thread")!.TextContent, StringComparison.Ordinal);
        await lead.SubmitAsync(page, "assign", ("lead", wanda.Id.ToString()));

        // Once assigned, a new request alerts the assigned lead and the handler only, and starts no second clock.
        await App.WithDatabaseAsync(db => db.Notifications.ExecuteDeleteAsync());
        inbox = await Browser.SubmitAsync(inbox, "support", ("support-details", "Someone to talk to, please."));
        Assert.Contains("We have told welfare support that you would like support.", inbox.Text, StringComparison.Ordinal);
        Assert.True((await App.WithDatabaseAsync(db => db.Cases.AsNoTracking().SingleAsync())).SupportRequested);
        Assert.Equal(new[] { alice.Id, wanda.Id }.Order(), (await AlertedAsync()).Order());
        Assert.Equal(1, await App.WithDatabaseAsync(db => db.Deadlines.CountAsync(d => d.Kind == DeadlineKind.WelfareLeadAssignment)));
    }

    [Fact]
    public async Task The_queue_puts_overdue_reporters_first_the_longest_overdue_at_the_top_then_the_newest()
    {
        await App.AddStaffAsync("alice", "4001");
        var wanda = await App.AddStaffAsync("wanda", "5001", intake: false, roles: ["welfare-lead"]);
        async Task<string> FileOneAsync(string field)
        {
            await FileAsync(new ReportFields().Set(field, "yes"));
            await App.RunIntakeAsync();
            return await App.WithDatabaseAsync(db => db.Cases.OrderByDescending(c => c.SubmittedOn).Select(c => c.Reference).FirstAsync());
        }

        var oldest = await FileOneAsync("support");
        App.Clock.Advance(TimeSpan.FromDays(4));
        var older = await FileOneAsync("retaliation");
        App.Clock.Advance(TimeSpan.FromDays(10));
        var middle = await FileOneAsync("support");
        App.Clock.Advance(TimeSpan.FromDays(1));
        var newest = await FileOneAsync("support");
        // One without any welfare need, which never appears.
        await FileAsync(new ReportFields());
        await App.RunIntakeAsync();

        var session = await Staff.SignInAsync(wanda);
        var queue = await session.GetAsync("/staff/welfare");
        var references = queue.Document.QuerySelectorAll("#welfare-queue tbody tr a").Select(a => a.TextContent).ToList();
        Assert.Equal([oldest, older, newest, middle], references);
        // Both clocks of the two oldest are overdue, and only theirs.
        Assert.Equal(4, queue.Document.QuerySelectorAll("#welfare-queue .govuk-tag--red").Length);
    }

    [Fact]
    public async Task A_reporters_answer_on_the_welfare_thread_alerts_welfare_support_only_the_assigned_lead_once_there_is_one()
    {
        var alice = await App.AddStaffAsync("alice", "4001");
        var wanda = await App.AddStaffAsync("wanda", "5001", intake: false, roles: ["welfare-lead"]);
        var walt = await App.AddStaffAsync("walt", "5003", intake: false, roles: ["welfare-lead"]);
        var (receipt, _, _) = await FileAsync(new ReportFields().Set("support", "yes"));
        await App.RunIntakeAsync();
        var inbox = await SignInAsync(receipt.Display);

        // No lead yet: every welfare lead holding the welfare key hears, never the handler (the thread is sealed from them).
        inbox = await Browser.SubmitAsync(inbox, "welfare-reply", ("welfare-reply", "Is anyone there?"));
        Assert.Contains("Your message has been sent to welfare support.", inbox.Text, StringComparison.Ordinal);
        Assert.Equal(new[] { walt.Id, wanda.Id }.Order(), (await AlertedAsync()).Order());
        Assert.DoesNotContain(alice.Id, await AlertedAsync());
        var alert = await App.WithDatabaseAsync(db => db.Notifications.AsNoTracking().FirstAsync(n => n.Kind == NotificationKind.WelfareAlert));
        Assert.Equal(UkCalendar.Today(App.Clock), alert.CreatedOn);

        var lead = await Staff.SignInAsync(wanda);
        var caseId = await App.WithDatabaseAsync(db => db.Cases.Select(c => c.Id).SingleAsync());
        await lead.SubmitAsync(await lead.GetAsync($"/staff/welfare/{caseId}"), "assign", ("lead", wanda.Id.ToString()));

        // Assigned, and the case closed since: the answer still reaches the assigned lead, and only her.
        await App.WithDatabaseAsync(db => db.Notifications.ExecuteDeleteAsync());
        await App.WithDatabaseAsync(db => db.Cases.ExecuteUpdateAsync(u => u.SetProperty(c => c.ClosedOn, UkCalendar.Today(App.Clock)).SetProperty(c => c.Status, CaseStatus.Closed)));
        inbox = await Browser.SubmitAsync(inbox, "welfare-reply", ("welfare-reply", "They moved me again."));
        Assert.Contains("Your message has been sent to welfare support.", inbox.Text, StringComparison.Ordinal);
        Assert.Equal([wanda.Id], await AlertedAsync());
        Assert.Equal(0, await App.WithDatabaseAsync(db => db.Notifications.CountAsync(n => n.Kind != NotificationKind.WelfareAlert)));
    }

    private Task<List<Guid>> AlertedAsync() => App.WithDatabaseAsync(db =>
        db.Notifications.Where(n => n.Kind == NotificationKind.WelfareAlert).Select(n => n.StaffMemberId).ToListAsync());

    private static string Day(DateOnly day) => day.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"));
}
