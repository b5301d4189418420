extern alias staff;
extern alias workflow;

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Notifications;
using ReportPortal.Tests.Infrastructure;
using ReportPortal.Tests.TestHost;
using ReportPortal.Tests.Administration;
using ClockNotices = workflow::ReportPortal.Workflow.Clocks.ClockNotices;
using StaffRoles = staff::ReportPortal.StaffFace.Staff.StaffRoles;

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

        var inbox = await (await Staff.SignInAsync(alice)).GetAsync("/staff/cases");
        var clocks = Assert.Single(inbox.Document.QuerySelectorAll("#cases tbody tr")).TextContent;
        var dueDay = filedOn.AddDays(3);
        Assert.Contains($"Acknowledgement was due {dueDay.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"))}", clocks, StringComparison.Ordinal);

        await RaiseNoticesAsync();
        var notice = await App.WithDatabaseAsync(db => db.Notifications.AsNoTracking().SingleAsync(n => n.Clock == DeadlineKind.HumanAcknowledgement));
        Assert.Equal((NotificationKind.ClockOverdue, dueDay), (notice.Kind, notice.ClockDueOn));
    }

    /// <summary>
    /// Six cases in varied states: the inbox's overdue filter and next-due order are exactly what ClockRules
    /// computes over the case's own dates (and the workflow's overdue notices say the same), on filing, after an
    /// administrator changes the force's clocks on the real page, after case dates change through the case page
    /// (acknowledged, referral decided, withdrawn, closed), and as the days pass a recurring clock's due day.
    /// </summary>
    [Fact]
    public async Task The_inbox_overdue_filter_and_next_due_order_follow_the_clock_rules_through_settings_dates_and_days()
    {
        var alice = await App.AddStaffAsync("alice", "4001");
        var ada = await App.AddStaffAsync("ada", "4002", intake: false, roles: [StaffRoles.Administrator]);
        // All six are filed on one day, from 10:00 UTC (well inside the UK day), spaced for the per-source filing limit.
        var now = App.Clock.GetUtcNow();
        App.Clock.Advance(new DateTimeOffset(now.UtcDateTime.Date.AddDays(1).AddHours(10), TimeSpan.Zero) - now);
        for (var i = 0; i < 6; i++)
        {
            await FileAsync(new ReportFields());
            App.Clock.Advance(TimeSpan.FromMinutes(13));
        }

        await App.RunIntakeAsync();
        var day0 = UkCalendar.Today(App.Clock);
        var ids = await App.WithDatabaseAsync(db => db.Cases.OrderBy(c => c.Reference).Select(c => c.Id).ToListAsync());
        var (a, b, c, d, e, f) = (ids[0], ids[1], ids[2], ids[3], ids[4], ids[5]);
        var handler = await Staff.SignInAsync(alice);
        foreach (var acknowledged in new[] { b, c })
        {
            await handler.SubmitAsync(await handler.GetAsync($"/staff/cases/{acknowledged}"), "acknowledge");
        }

        await handler.SubmitAsync(await handler.GetAsync($"/staff/cases/{c}"), "criteria", ("criterion-discrimination", "yes"));
        App.Clock.Advance(TimeSpan.FromDays(6));
        // Day 6: only C's referral decision (due the next working day) is late.
        Assert.Equal([c], await AgreementAsync(alice));

        // (a) The force shortens acknowledgement to 3 days and reports on long investigations monthly, feedback
        // within 12 months: A, D, E and F are now late, and every acknowledged case's next due day is its first month.
        var admin = await Staff.SignInAsync(ada);
        var forcePage = await admin.GetAsync("/staff/admin/forces/demo");
        (string, string)[] changes = [("acknowledge-within", "3"), ("acknowledge-escalate", "2"), ("feedback-within", "12"), ("feedback-escalate", "300"), ("long-first", "1"), ("long-repeat", "1")];
        var saved = await admin.SubmitAsync(forcePage, "clocks",
            AdminTest.Shown(forcePage, "clocks").Select(field => changes.FirstOrDefault(x => x.Item1 == field.Name) is { Item1: not null } x ? x : field).ToArray());
        Assert.Equal("The workflow clocks were saved.", saved.Document.QuerySelector("#success-message")?.TextContent);
        Assert.Equal(Sorted([a, c, d, e, f]), Sorted(await AgreementAsync(alice)));

        // (b) Dates change through the case page: A acknowledged, C's referral decided, E withdrawn, D closed.
        // Each leaves the overdue filter at once, and the workflow raises nothing more about them.
        handler = await Staff.SignInAsync(alice);
        foreach (var acknowledged in new[] { a, d, e })
        {
            await handler.SubmitAsync(await handler.GetAsync($"/staff/cases/{acknowledged}"), "acknowledge");
        }

        await handler.SubmitAsync(await handler.GetAsync($"/staff/cases/{c}"), "referral", ("choice", "do-not-refer"), ("text", "Dealt with locally."));
        await handler.SubmitAsync(await handler.GetAsync($"/staff/cases/{e}"), "outcome", ("choice", "withdrawn"));
        await handler.SubmitAsync(await handler.GetAsync($"/staff/cases/{d}"), "outcome", ("choice", "no-case-to-answer"));
        var closed = await handler.SubmitAsync(await handler.GetAsync($"/staff/cases/{d}"), "close", ("text", "No case to answer. Thank you."));
        Assert.Equal("Closed", closed.Document.QuerySelector("#state")?.TextContent);
        var decidedOn = await App.WithDatabaseAsync(db => db.Cases.Where(x => x.Id == c).Select(x => x.ReferralDecidedOn).SingleAsync());
        Assert.Equal(day0.AddDays(6), decidedOn);
        var before = await NoticeCountAsync();
        Assert.Equal([f], await AgreementAsync(alice));
        Assert.Equal(before, await NoticeCountAsync());

        // (c) Past the first month, the long-investigation clocks of A, B and C are late; on the second month's
        // due day itself their next due day has moved on by the date alone (not late that day), and the day after
        // they are late again. The stored next-due days follow without any case being touched.
        var firstMonth = day0.AddMonths(1);
        App.Clock.Advance(TimeSpan.FromDays(firstMonth.DayNumber - day0.AddDays(6).DayNumber + 1));
        Assert.Equal(Sorted([a, b, c, f]), Sorted(await AgreementAsync(alice)));
        App.Clock.Advance(TimeSpan.FromDays(day0.AddMonths(2).DayNumber - firstMonth.DayNumber - 1));
        Assert.Equal([f], await AgreementAsync(alice));
        var moved = await App.WithDatabaseAsync(db => db.Cases.Where(x => x.Id == b).Select(x => x.NextDueOn).SingleAsync());
        Assert.Equal(day0.AddMonths(2), moved);
        App.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(Sorted([a, b, c, f]), Sorted(await AgreementAsync(alice)));
    }

    /// <summary>
    /// A next-due day written under another start's working calendar (its extra holidays are read at start-up)
    /// is put right by the first inbox read after the staff face starts again: no case need change first.
    /// </summary>
    [Fact]
    public async Task A_next_due_day_stored_before_a_restart_is_recomputed_on_the_first_inbox_read_after_it()
    {
        // The first staff face starts before there is any case, so its own start-up marks nothing.
        _ = Staff.Services;
        var alice = await App.AddStaffAsync("alice", "4001");
        await FileAsync(new ReportFields());
        await App.RunIntakeAsync();
        var caseId = await App.WithDatabaseAsync(db => db.Cases.Select(c => c.Id).SingleAsync());
        var right = await App.WithDatabaseAsync(db => db.Cases.Where(c => c.Id == caseId).Select(c => c.NextDueOn).SingleAsync());
        Assert.NotNull(right);
        // As an earlier calendar could have left it: a day that makes the case look late today.
        var stale = UkCalendar.Today(App.Clock).AddDays(-1);
        await App.WithDatabaseAsync(db => db.Cases.Where(c => c.Id == caseId).ExecuteUpdateAsync(u => u
            .SetProperty(c => c.NextDueOn, stale).SetProperty(c => c.ClocksRecomputeOn, (DateOnly?)null)));
        Assert.Equal([caseId], Shown(await (await Staff.SignInAsync(alice)).GetAsync("/staff/cases?overdue=yes")));

        // The staff face starts again (a second process on the same database): the first read after it is right.
        await using var restarted = new StaffApp(App);
        _ = restarted.Services;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await App.WithDatabaseAsync(db => db.Cases.Where(c => c.Id == caseId).Select(c => c.ClocksRecomputeOn).SingleAsync()) is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal([], await AgreementAsync(alice));
        Assert.Equal(right, await App.WithDatabaseAsync(db => db.Cases.Where(c => c.Id == caseId).Select(c => c.NextDueOn).SingleAsync()));
    }

    private static List<Guid> Sorted(IEnumerable<Guid> ids) => ids.OrderBy(id => id.ToString("D"), StringComparer.Ordinal).ToList();

    private Task<int> NoticeCountAsync() => App.WithDatabaseAsync(db => db.Notifications.CountAsync(n => n.Clock != null));

    private async Task RaiseNoticesAsync()
    {
        await using var db = ReporterApp.Database(PostgresServer.AsRole(App.AdminConnectionString, PostgresServer.TestRoles.WorkflowRole));
        await new ClockNotices(db, WorkingCalendar.EnglandAndWales, App.Clock).RaiseAsync(CancellationToken.None);
    }

    /// <summary>
    /// Reads the inbox (overdue filter; next-due order) as <paramref name="handler"/> and asserts both equal what
    /// <see cref="ClockRules"/> computes today over every case's facts, and that the workflow's notices name
    /// exactly the same late clocks. Returns the overdue cases in the inbox's order.
    /// </summary>
    private async Task<List<Guid>> AgreementAsync(Core.Staff.StaffMember handler)
    {
        var today = UkCalendar.Today(App.Clock);
        var expected = await App.WithDatabaseAsync(async db =>
        {
            var facts = await ClockFacts.LoadAsync(db, db.Cases, CancellationToken.None);
            var settings = await ClockFacts.SettingsAsync(db, facts.Select(x => x.ForceId), CancellationToken.None);
            return facts.ToDictionary(x => x.CaseId, x => ClockRules.Evaluate(x.Facts, settings[x.ForceId], WorkingCalendar.EnglandAndWales, today)
                .Where(clock => InboxKinds.Contains(clock.Kind) && clock.Stage is ClockStage.Running or ClockStage.Escalated or ClockStage.Overdue).ToList());
        });
        var late = expected.Where(x => x.Value.Any(clock => clock.Stage == ClockStage.Overdue)).Select(x => x.Key).ToHashSet();
        var order = expected.Select(x => (Id: x.Key, Due: x.Value.Count == 0 ? (DateOnly?)null : x.Value.Min(clock => clock.DueOn)))
            .OrderBy(x => x.Due is null).ThenBy(x => x.Due).ThenBy(x => x.Id.ToString("D"), StringComparer.Ordinal).Select(x => x.Id).ToList();

        var session = await Staff.SignInAsync(handler);
        var overdue = Shown(await session.GetAsync("/staff/cases?overdue=yes"));
        Assert.Equal(late.OrderBy(id => id.ToString("D"), StringComparer.Ordinal), overdue.OrderBy(id => id.ToString("D"), StringComparer.Ordinal));
        Assert.Equal(order, Shown(await session.GetAsync("/staff/cases?sort=next-due")));

        // The workflow, run now, has an overdue notice for exactly these clocks (a notice is one per due day).
        await RaiseNoticesAsync();
        var notices = await App.WithDatabaseAsync(db => db.Notifications.AsNoTracking()
            .Where(n => n.StaffMemberId == handler.Id && n.Kind == NotificationKind.ClockOverdue && n.CreatedOn <= today)
            .Select(n => new { n.CaseId, n.Clock, n.ClockDueOn }).ToListAsync());
        var lateClocks = expected.SelectMany(x => x.Value.Where(clock => clock.Stage == ClockStage.Overdue).Select(clock => (x.Key, clock.Kind, clock.DueOn))).ToList();
        Assert.All(lateClocks, clock => Assert.Contains(notices, n => (n.CaseId, n.Clock, n.ClockDueOn) == (clock.Key, clock.Kind, clock.DueOn)));
        return overdue;
    }

    private static readonly DeadlineKind[] InboxKinds =
        [DeadlineKind.HumanAcknowledgement, DeadlineKind.IopcReferralDecision, DeadlineKind.FeedbackToReporter, DeadlineKind.LongInvestigationReport];

    /// <summary>The cases an inbox page lists, in its order (each row links to its case).</summary>
    private static List<Guid> Shown(LoadedPage page) =>
        page.Document.QuerySelectorAll("#cases tbody tr a.govuk-link")
            .Select(link => Guid.Parse(link.GetAttribute("href")!.Split('/')[^1], CultureInfo.InvariantCulture)).ToList();
}
