extern alias staff;

using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Staff;
using StaffRoles = staff::ReportPortal.StaffFace.Staff.StaffRoles;
using ReportPortal.Tests.Infrastructure;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Cases;

/// <summary>
/// Working a case through the staff pages on real PostgreSQL, as the staff database role, with real staff
/// keys, signed in through the real sign-in pages: from a report filed on the reporter face to closure
/// with feedback the reporter reads.
/// </summary>
public sealed class CaseWorkTests : StaffAppTest
{
    [Fact]
    public async Task A_report_goes_from_filing_to_closure_and_the_reporter_sees_each_step()
    {
        var alice = await AddStaffAsync("alice", "4001");
        var (receipt, _, _) = await FileAsync(new ReportFields());
        await RunIntakeAsync();
        var handler = await StaffSession(alice);

        var inbox = await handler.GetAsync("/staff/cases");
        Assert.Equal(HttpStatusCode.OK, inbox.Status);
        var link = Assert.Single(inbox.Document.QuerySelectorAll("#cases a.govuk-link"));
        var casePage = await handler.GetAsync(link.GetAttribute("href")!);
        Assert.Contains("Late Turn Lads", casePage.Text, StringComparison.Ordinal);

        casePage = await handler.SubmitAsync(casePage, "acknowledge");
        Assert.True(casePage.Document.QuerySelector("#state") is not null, $"{casePage.Status} {casePage.Address}\n{casePage.Text[..Math.Min(2000, casePage.Text.Length)]}\n{Staff.Logs.Text}");
        Assert.Equal("Acknowledged", casePage.Document.QuerySelector("#state")!.TextContent);
        casePage = await handler.SubmitAsync(casePage, "message", ("text", "Thank you. Can you tell us when the photo was posted?"));

        var reporterInbox = await SignInAsync(receipt.Display);
        Assert.Contains("The professional standards team acknowledged your report", reporterInbox.Text, StringComparison.Ordinal);
        Assert.Contains("Can you tell us when the photo was posted?", reporterInbox.Text, StringComparison.Ordinal);
        await Browser.SubmitAsync(reporterInbox, "reply", ("reply", "It was posted on the Tuesday night shift."));

        casePage = await handler.GetAsync(casePage.Address.AbsolutePath);
        Assert.Contains("It was posted on the Tuesday night shift.", casePage.Document.QuerySelector("#messages")!.TextContent, StringComparison.Ordinal);
        casePage = await handler.SubmitAsync(casePage, "note", ("text", "Check duty rosters for that Tuesday."));
        casePage = await handler.SubmitAsync(casePage, "severity", ("choice", "misconduct"));
        casePage = await handler.SubmitAsync(casePage, "criteria", ("criterion-discrimination", "yes"));
        Assert.StartsWith("Due ", ReferralClock(casePage), StringComparison.Ordinal);
        casePage = await handler.SubmitAsync(casePage, "referral", ("choice", "do-not-refer"), ("text", "Force can deal with it locally."));
        casePage = await handler.SubmitAsync(casePage, "outcome", ("choice", "misconduct-meeting"));
        casePage = await handler.SubmitAsync(casePage, "close", ("text", "The officer will attend a misconduct meeting. Thank you."));
        Assert.Equal(HttpStatusCode.OK, casePage.Status);
        Assert.Equal("Closed", casePage.Document.QuerySelector("#state")!.TextContent);
        Assert.Contains("Force can deal with it locally.", casePage.Document.QuerySelector("#referral")!.TextContent, StringComparison.Ordinal);
        // The referral clock is met on the decision's own day, which the case keeps.
        var today = Core.Clocks.UkCalendar.Today(App.Clock);
        Assert.Equal($"Met {today.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"))}", ReferralClock(casePage));
        Assert.Equal(today, await App.WithDatabaseAsync(db => db.Cases.Select(c => c.ReferralDecidedOn).SingleAsync()));

        reporterInbox = await Browser.GetAsync("/status/inbox");
        Assert.Contains("The officer will attend a misconduct meeting.", reporterInbox.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("duty rosters", reporterInbox.Text, StringComparison.Ordinal);

        // Nothing readable at rest: the note and the reasons are sealed, and every step is in an intact audit chain.
        var @case = await App.WithDatabaseAsync(db => db.Cases.AsNoTracking().SingleAsync());
        Assert.Equal(CaseOutcome.MisconductMeeting, @case.Outcome);
        Assert.NotNull(@case.SealedReferralReasons);
        var actions = await App.WithDatabaseAsync(db => db.AuditEntries.AsNoTracking().Select(e => e.Action).ToListAsync());
        Assert.Contains(AuditActions.CaseViewed, actions);
        Assert.Contains(AuditActions.NoteAdded, actions);
        Assert.Contains(AuditActions.OutcomeRecorded, actions);
        Assert.Contains(AuditActions.MessageSent, actions);
    }

    [Fact]
    public async Task Two_handlers_submitting_from_the_same_version_one_wins_and_the_other_is_told_the_form_is_stale()
    {
        var alice = await AddStaffAsync("alice", "4001");
        var bob = await AddStaffAsync("bob", "4002");
        await FileAsync(new ReportFields());
        await RunIntakeAsync();
        var caseId = await App.WithDatabaseAsync(db => db.Cases.Select(c => c.Id).SingleAsync());
        var aliceSession = await StaffSession(alice);
        var alicePage = await aliceSession.GetAsync($"/staff/cases/{caseId}");
        var bobSession = await StaffSession(bob);
        var bobPage = await bobSession.GetAsync($"/staff/cases/{caseId}");

        var won = await aliceSession.SubmitAsync(alicePage, "acknowledge");
        var lost = await bobSession.SubmitAsync(bobPage, "acknowledge");

        Assert.Equal(HttpStatusCode.OK, won.Status);
        Assert.Equal(HttpStatusCode.Conflict, lost.Status);
        Assert.Contains("Someone else changed this case after you opened it", lost.Text, StringComparison.Ordinal);
        Assert.Equal(1, await App.WithDatabaseAsync(db => db.CaseEvents.CountAsync(e => e.Kind == CaseEventKind.Acknowledged)));
    }

    [Fact]
    public async Task A_new_grant_opens_with_the_new_holders_password_and_after_removal_it_is_gone_and_the_last_holder_stays()
    {
        var alice = await AddStaffAsync("alice", "4001");
        var bob = await AddStaffAsync("bob", "4002", intake: false);
        await FileAsync(new ReportFields());
        await RunIntakeAsync();
        var caseId = await App.WithDatabaseAsync(db => db.Cases.Select(c => c.Id).SingleAsync());
        var session = await StaffSession(alice);
        var page = await session.GetAsync($"/staff/cases/{caseId}");

        page = await session.SubmitAsync(page, "grant", ("staff", bob.Id.ToString()));
        var bobGrant = await App.WithDatabaseAsync(db => db.KeyGrants.AsNoTracking().SingleAsync(g => g.StaffMemberId == bob.Id));
        using (var bobKey = StaffKeys.Unlock(bob, Password("bob"), App.Settings.StaffKeyPepper))
        {
            var caseKey = CaseGrants.OpenWithPrivateKey(bobGrant, bobKey, App.Retention);
            var sealedAccount = await App.WithDatabaseAsync(db => db.Cases.Select(c => c.SealedAccount).SingleAsync());
            Assert.Equal("Late Turn Lads", SealedFields.OpenRecord<ReportAccount>(caseKey, sealedAccount, new(caseId, caseId, SealedFields.Account)).GroupName);
        }

        Assert.Equal(HttpStatusCode.OK, (await (await StaffSession(bob)).GetAsync($"/staff/cases/{caseId}")).Status);
        page = await session.SubmitAsync(page, "remove", ("staff", bob.Id.ToString()));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.False(await App.WithDatabaseAsync(db => db.KeyGrants.AnyAsync(g => g.StaffMemberId == bob.Id)));
        Assert.Equal(HttpStatusCode.NotFound, (await (await StaffSession(bob)).GetAsync($"/staff/cases/{caseId}")).Status);
        using (var bobKey = StaffKeys.Unlock(bob, Password("bob"), App.Settings.StaffKeyPepper))
        {
            var remaining = await App.WithDatabaseAsync(db => db.KeyGrants.AsNoTracking().Where(g => g.CaseId == caseId).ToListAsync());
            Assert.All(remaining, g => Assert.ThrowsAny<CryptographicException>(() => CaseGrants.OpenWithPrivateKey(g, bobKey, App.Retention)));
        }

        var refused = await session.SubmitAsync(page, "remove", ("staff", alice.Id.ToString()));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("The last person with access cannot be removed", refused.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nobody_named_in_the_report_can_be_given_it_and_the_reporter_role_cannot_read_notes()
    {
        var alice = await AddStaffAsync("alice", "4001");
        var named = await AddStaffAsync("named", "1234", intake: false);
        var carol = await AddStaffAsync("carol", "4005", intake: false);
        await FileAsync(new ReportFields());
        await RunIntakeAsync();
        var caseId = await App.WithDatabaseAsync(db => db.Cases.Select(c => c.Id).SingleAsync());
        var session = await StaffSession(alice);
        var page = await session.GetAsync($"/staff/cases/{caseId}");
        Assert.Null(page.Document.QuerySelector($"#grant-staff option[value='{named.Id}']"));
        Assert.NotNull(page.Document.QuerySelector($"#grant-staff option[value='{carol.Id}']"));

        var refused = await session.SubmitAsync(page, "grant", ("staff", named.Id.ToString()));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.False(await App.WithDatabaseAsync(db => db.KeyGrants.AnyAsync(g => g.StaffMemberId == named.Id)));

        await using var reporterDb = ReporterApp.Database(PostgresServer.AsRole(App.AdminConnectionString, PostgresServer.TestRoles.ReporterRole));
        await Assert.ThrowsAnyAsync<Npgsql.PostgresException>(() => reporterDb.CaseNotes.CountAsync());
    }

    [Fact]
    public async Task Only_handlers_are_offered_or_given_the_case_key_never_a_welfare_lead_custodian_or_administrator()
    {
        var alice = await AddStaffAsync("alice", "4001");
        var welfare = await AddStaffAsync("wendy", "4011", intake: false, roles: [StaffRoles.WelfareLead]);
        var custodian = await AddStaffAsync("cora", "4012", intake: false, roles: [StaffRoles.Custodian]);
        var admin = await AddStaffAsync("adam", "4013", intake: false, roles: [StaffRoles.Administrator]);
        var carol = await AddStaffAsync("carol", "4005", intake: false);
        await FileAsync(new ReportFields());
        await RunIntakeAsync();
        var caseId = await App.WithDatabaseAsync(db => db.Cases.Select(c => c.Id).SingleAsync());
        var session = await StaffSession(alice);
        var page = await session.GetAsync($"/staff/cases/{caseId}");
        var offered = page.Document.QuerySelectorAll("#grant-staff option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Equal([carol.Id.ToString()], offered);

        foreach (var member in new[] { welfare, custodian, admin })
        {
            var refused = await session.SubmitAsync(page, "grant", ("staff", member.Id.ToString()));
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.Contains("only handlers open a report", refused.Text, StringComparison.Ordinal);
            Assert.False(await App.WithDatabaseAsync(db => db.KeyGrants.AnyAsync(g => g.StaffMemberId == member.Id && g.Purpose == KeyPurpose.CaseContent)));
            page = await session.GetAsync($"/staff/cases/{caseId}");
        }
    }

    [Fact]
    public async Task The_inbox_filters_and_marks_what_is_overdue()
    {
        var alice = await AddStaffAsync("alice", "4001");
        for (var i = 0; i < 3; i++)
        {
            await FileAsync(new ReportFields());
            App.Clock.Advance(TimeSpan.FromDays(3));
        }

        await RunIntakeAsync();
        var session = await StaffSession(alice);
        var all = await session.GetAsync("/staff/cases?sort=oldest");
        Assert.Equal(3, all.Document.QuerySelectorAll("#cases tbody tr").Length);
        Assert.Equal(3, (await session.GetAsync("/staff/cases?assigned=unassigned")).Document.QuerySelectorAll("#cases tbody tr").Length);
        Assert.Empty((await session.GetAsync("/staff/cases?assigned=me")).Document.QuerySelectorAll("#cases tbody tr"));
        Assert.Empty((await session.GetAsync("/staff/cases?state=closed")).Document.QuerySelectorAll("#cases tbody tr"));
        // Filed on days 0, 3 and 6; on day 11 the first two are past their 7-day acknowledgement.
        App.Clock.Advance(TimeSpan.FromDays(2));
        session = await StaffSession(alice);
        var overdue = await session.GetAsync("/staff/cases?overdue=yes");
        Assert.Equal(2, overdue.Document.QuerySelectorAll("#cases tbody tr").Length);
        Assert.Equal(2, overdue.Document.QuerySelectorAll(".govuk-tag--red").Length);
    }

    [Fact]
    public async Task The_inbox_pages_forwards_and_back_by_keyset_and_marks_what_arrived_during_a_surge()
    {
        var alice = await AddStaffAsync("alice", "4001");
        await FileAsync(new ReportFields());
        await RunIntakeAsync();
        // 30 cases on 15 days, two a day, so the id breaks ties within a day; one of them arrived during a surge.
        await App.WithDatabaseAsync(async db =>
        {
            var original = await db.Cases.AsNoTracking().SingleAsync();
            var grant = await db.KeyGrants.AsNoTracking().SingleAsync(g => g.StaffMemberId == alice.Id);
            for (var i = 1; i < 30; i++)
            {
                var copy = await db.Cases.AsNoTracking().SingleAsync();
                copy.Id = Guid.NewGuid();
                copy.Reference = $"RP-COPY{i:D2}";
                copy.SubmittedOn = original.SubmittedOn.AddDays(-(i / 2));
                copy.FiledDuringSurge = i == 27;
                copy.ReceiptLookup = RandomNumberGenerator.GetBytes(32);
                copy.SubmissionTokenHash = RandomNumberGenerator.GetBytes(32);
                db.Cases.Add(copy);
                var copiedGrant = await db.KeyGrants.AsNoTracking().SingleAsync(g => g.Id == grant.Id);
                copiedGrant.Id = Guid.NewGuid();
                copiedGrant.CaseId = copy.Id;
                db.KeyGrants.Add(copiedGrant);
            }

            await db.SaveChangesAsync();
        });
        var expected = await App.WithDatabaseAsync(db => db.Cases.OrderByDescending(c => c.SubmittedOn).ThenByDescending(c => c.Id).Select(c => c.Reference).ToListAsync());
        var session = await StaffSession(alice);

        var first = await session.GetAsync("/staff/cases");
        Assert.Equal(expected[..25], References(first));
        Assert.Null(first.Document.QuerySelector("#previous-page"));
        var second = await session.GetAsync(first.Document.QuerySelector("#next-page")!.GetAttribute("href")!);
        Assert.Equal(expected[25..], References(second));
        Assert.Null(second.Document.QuerySelector("#next-page"));
        var back = await session.GetAsync(second.Document.QuerySelector("#previous-page")!.GetAttribute("href")!);
        Assert.Equal(expected[..25], References(back));
        Assert.Null(back.Document.QuerySelector("#previous-page"));
        Assert.NotNull(back.Document.QuerySelector("#next-page"));

        // Oldest first, walked the same way.
        var oldest = await session.GetAsync("/staff/cases?sort=oldest");
        var oldestSecond = await session.GetAsync(oldest.Document.QuerySelector("#next-page")!.GetAttribute("href")!);
        Assert.Equal(Enumerable.Reverse(expected).Skip(25), References(oldestSecond));
        Assert.Equal(Enumerable.Reverse(expected).Take(25), References(await session.GetAsync(oldestSecond.Document.QuerySelector("#previous-page")!.GetAttribute("href")!)));

        var surge = second.Document.QuerySelectorAll("#cases tbody tr").Where(r => r.TextContent.Contains("Arrived during a surge", StringComparison.Ordinal)).ToList();
        Assert.Equal("RP-COPY27", Assert.Single(surge).GetAttribute("data-case"));
        Assert.DoesNotContain("Arrived during a surge", first.Text, StringComparison.Ordinal);
    }

    private static List<string> References(LoadedPage page) =>
        page.Document.QuerySelectorAll("#cases tbody tr").Select(r => r.GetAttribute("data-case")!).ToList();

    private Task<PageSession> StaffSession(StaffMember member) => Staff.SignInAsync(member);

    private Task<int> RunIntakeAsync() => App.RunIntakeAsync();

    private static string Password(string name) => StaffFixtures.Password(name);

    private Task<StaffMember> AddStaffAsync(string name, string staffNumber, bool intake = true, Guid? forceId = null, IReadOnlyList<string>? roles = null) =>
        App.AddStaffAsync(name, staffNumber, intake, forceId, roles);

    private static string? ReferralClock(LoadedPage casePage) =>
        casePage.Document.QuerySelectorAll("#summary .govuk-summary-list__row")
            .FirstOrDefault(row => row.QuerySelector("dt")?.TextContent == "Referral decision deadline")?.QuerySelector("dd")?.TextContent;
}
