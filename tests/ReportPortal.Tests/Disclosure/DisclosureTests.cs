using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Disclosure;
using ReportPortal.Core.Notifications;
using ReportPortal.Core.Staff;
using ReportPortal.Crypto;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Disclosure;

/// <summary>
/// A confidential reporter's identity on real PostgreSQL, through the real pages and real staff keys: the
/// identity key goes to custodians at intake and never to handlers; a handler asks with reasons; custodians
/// other than the requester decide (one or two, as the force says); the reporter is told in their inbox
/// before the release day; the requester's key opens nothing before that day and the identity after it.
/// </summary>
public sealed class DisclosureTests : StaffAppTest
{
    private const string ReporterName = "Sergeant Brave Reporter";
    private const string Reasons = "We need to take a witness statement from the person who reported, and the officer named has denied being in the group.";
    private const string CustodianReasons = "A statement is needed and there is no other way to get it.";

    [Fact]
    public async Task The_identity_key_goes_to_the_forces_custodians_at_intake_never_to_a_handler_nor_to_a_custodian_the_report_names()
    {
        var alice = await App.AddStaffAsync("alice", "4001");
        var carol = await App.AddStaffAsync("carol", "4003", intake: false, roles: ["custodian"]);
        var named = await App.AddStaffAsync("named", "1234", intake: false, roles: ["custodian"]);
        var elsewhere = await App.AddStaffAsync("other", "4009", intake: false, forceId: await OtherForceAsync(), roles: ["custodian"]);
        await FileConfidentialAsync();
        Assert.Equal(1, await App.RunIntakeAsync());

        var @case = await App.WithDatabaseAsync(db => db.Cases.AsNoTracking().Include(c => c.Grants).SingleAsync());
        Assert.DoesNotContain(@case.Grants, g => g.Holder == KeyHolder.Intake);
        var identityGrants = @case.Grants.Where(g => g.Purpose == KeyPurpose.ReporterIdentity && g.Holder == KeyHolder.Staff).ToList();
        Assert.Equal([carol.Id], identityGrants.Select(g => g.StaffMemberId!.Value));
        Assert.Equal(ReporterName, OpenIdentity(@case, Assert.Single(identityGrants), carol).Name);
        foreach (var member in new[] { alice, named, elsewhere })
        {
            using var key = StaffKeys.Unlock(member, StaffFixtures.Password(member.DisplayName), App.Settings.StaffKeyPepper);
            Assert.All(@case.Grants.Where(g => g.Purpose == KeyPurpose.ReporterIdentity),
                g => Assert.ThrowsAny<CryptographicException>(() => CaseGrants.OpenWithPrivateKey(g, key, App.Retention)));
        }

        // Custodians are not told of a new case they cannot open; the handler is.
        var told = await App.WithDatabaseAsync(db => db.Notifications.AsNoTracking().Select(n => n.StaffMemberId).ToListAsync());
        Assert.Equal([alice.Id], told);
    }

    [Fact]
    public async Task An_approved_request_tells_the_reporter_with_the_reasons_and_releases_the_identity_only_on_the_release_day()
    {
        var alice = await App.AddStaffAsync("alice", "4001");
        var carol = await App.AddStaffAsync("carol", "4003", intake: false, roles: ["custodian"]);
        var receipt = await FileConfidentialAsync();
        await App.RunIntakeAsync();
        var caseId = await CaseIdAsync();
        var handler = await Staff.SignInAsync(alice);

        var casePage = await handler.GetAsync($"/staff/cases/{caseId}");
        Assert.DoesNotContain(ReporterName, casePage.Text, StringComparison.Ordinal);
        Assert.True(casePage.Document.QuerySelector("#ask-identity") is not null, $"{casePage.Status}\n{casePage.Text[..Math.Min(3000, casePage.Text.Length)]}\n{Staff.Logs.Text}");
        var ask = await handler.GetAsync(casePage.Document.QuerySelector("#ask-identity")!.GetAttribute("href")!);
        var empty = await handler.SubmitAsync(ask, "ask", ("reasons", "   "));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.Status);
        Assert.Equal("Write your reasons", empty.ErrorFor("reasons"));
        var asked = await handler.SubmitAsync(empty, "ask", ("reasons", Reasons));
        Assert.Equal(HttpStatusCode.OK, asked.Status);
        Assert.Equal("Waiting for a decision", asked.Document.QuerySelector("#status")!.TextContent);
        var requestPath = asked.Address.AbsolutePath;

        // The custodians hear of it (content-free); the words are sealed at rest.
        Assert.Equal([carol.Id], await NotifiedAsync(NotificationKind.DisclosureRequested));
        var stored = await App.WithDatabaseAsync(db => db.DisclosureRequests.AsNoTracking().SingleAsync());
        Assert.All(new[] { stored.SealedReasons, stored.SealedReporterNotice }, blob => Assert.True(blob.AsSpan().IndexOf("witness statement"u8) < 0));

        var custodian = await Staff.SignInAsync(carol);
        var queue = await custodian.GetAsync("/staff/disclosure");
        Assert.Contains(await ReferenceAsync(), queue.Document.QuerySelector("#awaiting-requests")!.TextContent, StringComparison.Ordinal);
        var decide = await custodian.GetAsync(requestPath + "/decide");
        Assert.Contains(Reasons, decide.Document.QuerySelector("#request-reasons")!.TextContent, StringComparison.Ordinal);
        var decided = await custodian.SubmitAsync(decide, "decide", ("decision", "approve"), ("reasons", CustodianReasons));
        Assert.Equal("Approved: the reporter has been told", decided.Document.QuerySelector("#status")!.TextContent);

        var today = UkCalendar.Today(App.Clock);
        var request = await App.WithDatabaseAsync(db => db.DisclosureRequests.AsNoTracking().SingleAsync());
        Assert.Equal(today.AddDays(7), request.ReleaseOn);
        Assert.NotNull(request.HeldGrant);
        Assert.False(request.RiskToLife);
        await AssertOpensNoIdentityAsync(alice);
        queue = await custodian.GetAsync("/staff/disclosure");
        Assert.Contains(Day(today.AddDays(7)), queue.Document.QuerySelector("#waiting-requests")!.TextContent, StringComparison.Ordinal);

        // The reporter reads the reasons and the day in their inbox, and answers in the case thread.
        var inbox = await SignInAsync(receipt.Display);
        var notice = inbox.Document.QuerySelector(".rp-disclosure-notice")!;
        Assert.Contains(Reasons, notice.TextContent, StringComparison.Ordinal);
        Assert.Contains($"Your name will be given to a member of the team on {Day(today.AddDays(7))}", notice.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(CustodianReasons, inbox.Text, StringComparison.Ordinal);
        var replied = await Browser.SubmitAsync(inbox, "reply", ("reply", "Please do not tell them yet: I am still on their shift."));
        Assert.True(replied.Text.Contains("Your message has been sent.", StringComparison.Ordinal), $"{replied.Status} {replied.Address}\n{replied.Text[..Math.Min(3000, replied.Text.Length)]}");

        var mine = await handler.GetAsync(requestPath);
        Assert.Null(mine.Document.QuerySelector("#identity"));
        Assert.StartsWith("1", mine.Document.QuerySelector("#replies")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(CustodianReasons, mine.Document.QuerySelector("#decisions")!.TextContent, StringComparison.Ordinal);

        App.Clock.Advance(TimeSpan.FromDays(6));
        mine = await handler.GetAsync(requestPath);
        Assert.Null(mine.Document.QuerySelector("#identity"));
        await AssertOpensNoIdentityAsync(alice);

        App.Clock.Advance(TimeSpan.FromDays(1));
        // A week on, a new sign-in: the key that opens the released grant is the one unwrapped by this session.
        handler = await Staff.SignInAsync(alice);
        mine = await handler.GetAsync(requestPath);
        Assert.Equal("Released", mine.Document.QuerySelector("#status")!.TextContent);
        Assert.Contains(ReporterName, mine.Document.QuerySelector("#identity")!.TextContent, StringComparison.Ordinal);
        var @case = await App.WithDatabaseAsync(db => db.Cases.AsNoTracking().Include(c => c.Grants).SingleAsync());
        var released = Assert.Single(@case.Grants, g => g.Purpose == KeyPurpose.ReporterIdentity && g.StaffMemberId == alice.Id);
        Assert.Equal(carol.Id, released.GrantedByStaffMemberId);
        Assert.Equal(ReporterName, OpenIdentity(@case, released, alice).Name);
        Assert.Null((await App.WithDatabaseAsync(db => db.DisclosureRequests.AsNoTracking().SingleAsync())).HeldGrant);

        inbox = await SignInAsync(receipt.Display);
        Assert.Contains("Your name has been given to a member of the team", inbox.Text, StringComparison.Ordinal);
        var actions = await App.WithDatabaseAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.CaseId == caseId).Select(e => e.Action).ToListAsync());
        Assert.Contains(AuditActions.DisclosureRequested, actions);
        Assert.Contains(AuditActions.DisclosureApproved, actions);
        Assert.Contains(AuditActions.DisclosureReleased, actions);
        Assert.Contains(AuditActions.DisclosureIdentityViewed, actions);
        Assert.Contains(alice.Id, await NotifiedAsync(NotificationKind.DisclosureDecided));
    }

    [Fact]
    public async Task When_the_force_requires_two_custodians_one_approval_is_not_enough_and_the_requester_cannot_approve_their_own_request()
    {
        await App.WithDatabaseAsync(db => db.Forces.Where(f => f.Code == "demo").ExecuteUpdateAsync(f => f.SetProperty(x => x.Clocks.DisclosureApprovals, 2)));
        // The requester is a custodian too: holding the identity key as a custodian does not let them decide for themselves.
        var alice = await App.AddStaffAsync("alice", "4001", roles: ["handler", "custodian"]);
        var carol = await App.AddStaffAsync("carol", "4003", intake: false, roles: ["custodian"]);
        var dave = await App.AddStaffAsync("dave", "4004", intake: false, roles: ["custodian"]);
        await FileConfidentialAsync();
        await App.RunIntakeAsync();
        var requestPath = await AskAsync(alice);

        var own = await (await Staff.SignInAsync(alice)).GetAsync(requestPath + "/decide");
        Assert.Equal(HttpStatusCode.NotFound, own.Status);
        // A post made by hand, with her own valid form token, is answered "not found" and records nothing.
        var aliceSession = await Staff.SignInAsync(alice);
        var anyForm = await aliceSession.GetAsync($"/staff/cases/{await CaseIdAsync()}");
        var forged = await aliceSession.SubmitAsync(anyForm, "note",
            [new("_handler", "decide"), new("version", "0"), new("decision", "approve"), new("reasons", CustodianReasons)], action: requestPath + "/decide");
        Assert.Equal(HttpStatusCode.NotFound, forged.Status);
        Assert.Equal(0, await App.WithDatabaseAsync(db => db.DisclosureDecisions.CountAsync()));

        await DecideAsync(carol, requestPath, "approve");
        var request = await App.WithDatabaseAsync(db => db.DisclosureRequests.AsNoTracking().SingleAsync());
        Assert.Equal(DisclosureStatus.AwaitingDecision, request.Status);
        Assert.Null(request.HeldGrant);
        Assert.Null(request.ReleaseOn);
        // Carol has decided; she is not asked again, and a second approval from her counts for nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await (await Staff.SignInAsync(carol)).GetAsync(requestPath + "/decide")).Status);

        await DecideAsync(dave, requestPath, "approve");
        request = await App.WithDatabaseAsync(db => db.DisclosureRequests.AsNoTracking().SingleAsync());
        Assert.Equal(DisclosureStatus.Approved, request.Status);
        Assert.Equal(UkCalendar.Today(App.Clock).AddDays(7), request.ReleaseOn);
        Assert.Equal(2, await App.WithDatabaseAsync(db => db.DisclosureDecisions.CountAsync(d => d.Approved)));
        await AssertOpensNoIdentityAsync(alice, asHandler: true);
    }

    [Fact]
    public async Task A_recorded_risk_to_life_releases_at_once_and_a_refusal_cannot_carry_one()
    {
        var alice = await App.AddStaffAsync("alice", "4001");
        var carol = await App.AddStaffAsync("carol", "4003", intake: false, roles: ["custodian"]);
        var receipt = await FileConfidentialAsync();
        await App.RunIntakeAsync();
        var requestPath = await AskAsync(alice);
        var custodian = await Staff.SignInAsync(carol);
        var decide = await custodian.GetAsync(requestPath + "/decide");

        var wrong = await custodian.SubmitAsync(decide, "decide", ("decision", "refuse"), ("reasons", CustodianReasons), ("risk-to-life", "yes"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.Status);
        Assert.Equal("A risk to life is recorded only with an approval", wrong.ErrorFor("risk-to-life"));
        Assert.Equal(CustodianReasons, wrong.Document.QuerySelector("textarea[name='reasons']")!.TextContent);

        await custodian.SubmitAsync(wrong, "decide", ("decision", "approve"), ("reasons", CustodianReasons), ("risk-to-life", "yes"));
        var request = await App.WithDatabaseAsync(db => db.DisclosureRequests.AsNoTracking().SingleAsync());
        Assert.Equal(DisclosureStatus.Released, request.Status);
        Assert.True(request.RiskToLife);
        Assert.Equal(UkCalendar.Today(App.Clock), request.ReleaseOn);
        var mine = await (await Staff.SignInAsync(alice)).GetAsync(requestPath);
        Assert.Contains(ReporterName, mine.Document.QuerySelector("#identity")!.TextContent, StringComparison.Ordinal);
        var inbox = await SignInAsync(receipt.Display);
        Assert.Contains("Because a custodian recorded a risk to someone's life", inbox.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_is_told_to_the_requester_with_the_custodians_reasons_and_the_reporter_sees_nothing()
    {
        var alice = await App.AddStaffAsync("alice", "4001");
        var carol = await App.AddStaffAsync("carol", "4003", intake: false, roles: ["custodian"]);
        var receipt = await FileConfidentialAsync();
        await App.RunIntakeAsync();
        var requestPath = await AskAsync(alice);

        await DecideAsync(carol, requestPath, "refuse", "Ask the reporter through the inbox first: they may come forward themselves.");

        Assert.Equal([alice.Id], await NotifiedAsync(NotificationKind.DisclosureDecided));
        var handler = await Staff.SignInAsync(alice);
        var mine = await handler.GetAsync(requestPath);
        Assert.Equal("Refused", mine.Document.QuerySelector("#status")!.TextContent);
        Assert.Contains("they may come forward themselves", mine.Document.QuerySelector("#decisions")!.TextContent, StringComparison.Ordinal);
        Assert.Null(mine.Document.QuerySelector("#identity"));
        // Refused, so the handler may ask again.
        Assert.NotNull((await handler.GetAsync($"/staff/cases/{await CaseIdAsync()}")).Document.QuerySelector("#ask-identity"));
        var inbox = await SignInAsync(receipt.Display);
        Assert.Null(inbox.Document.QuerySelector(".rp-disclosure-notice"));
        Assert.Contains(AuditActions.DisclosureRefused, await App.WithDatabaseAsync(db => db.AuditEntries.Select(e => e.Action).ToListAsync()));
    }

    [Fact]
    public async Task A_custodian_withdraws_an_approval_in_the_window_and_nothing_is_ever_released()
    {
        var alice = await App.AddStaffAsync("alice", "4001");
        var carol = await App.AddStaffAsync("carol", "4003", intake: false, roles: ["custodian"]);
        var receipt = await FileConfidentialAsync();
        await App.RunIntakeAsync();
        var requestPath = await AskAsync(alice);
        await DecideAsync(carol, requestPath, "approve");

        var custodian = await Staff.SignInAsync(carol);
        var page = await custodian.GetAsync(requestPath + "/decide");
        var withdrawn = await custodian.SubmitAsync(page, "withdraw", ("withdraw-reasons", "The reporter told us they would be at risk on that shift."));
        Assert.Equal("Withdrawn", withdrawn.Document.QuerySelector("#status")!.TextContent);

        App.Clock.Advance(TimeSpan.FromDays(8));
        var mine = await (await Staff.SignInAsync(alice)).GetAsync(requestPath);
        Assert.Equal("Withdrawn", mine.Document.QuerySelector("#status")!.TextContent);
        Assert.Contains("would be at risk on that shift", mine.Document.QuerySelector("#decisions")!.TextContent, StringComparison.Ordinal);
        var request = await App.WithDatabaseAsync(db => db.DisclosureRequests.AsNoTracking().SingleAsync());
        Assert.Null(request.HeldGrant);
        await AssertOpensNoIdentityAsync(alice);
        var inbox = await SignInAsync(receipt.Display);
        Assert.Contains("Your name will not be given", inbox.Text, StringComparison.Ordinal);
        Assert.Contains(AuditActions.DisclosureWithdrawn, await App.WithDatabaseAsync(db => db.AuditEntries.Select(e => e.Action).ToListAsync()));
    }

    [Fact]
    public async Task Nobody_else_reaches_a_request_and_an_anonymous_or_open_report_has_nothing_to_ask_for()
    {
        var alice = await App.AddStaffAsync("alice", "4001");
        var bob = await App.AddStaffAsync("bob", "4002");
        await App.AddStaffAsync("carol", "4003", intake: false, roles: ["custodian"]);
        var other = await App.AddStaffAsync("olga", "4008", intake: false, forceId: await OtherForceAsync(), roles: ["custodian"]);
        await FileConfidentialAsync();
        await App.RunIntakeAsync();
        var requestPath = await AskAsync(alice);

        // Bob holds the case but did not ask; Olga is a custodian of another force.
        Assert.Equal(HttpStatusCode.NotFound, (await (await Staff.SignInAsync(bob)).GetAsync(requestPath)).Status);
        var olga = await Staff.SignInAsync(other);
        Assert.Equal(HttpStatusCode.NotFound, (await olga.GetAsync(requestPath)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await olga.GetAsync(requestPath + "/decide")).Status);
        Assert.Null((await olga.GetAsync("/staff/disclosure")).Document.QuerySelector("#awaiting-requests"));

        await FileAsync(new ReportFields().Set("subjects[0].staff-number", "5555"));
        await App.RunIntakeAsync();
        var anonymous = await App.WithDatabaseAsync(db => db.Cases.Where(c => c.IdentityMode == IdentityMode.Anonymous).Select(c => c.Id).SingleAsync());
        var handler = await Staff.SignInAsync(alice);
        Assert.Null((await handler.GetAsync($"/staff/cases/{anonymous}")).Document.QuerySelector("#ask-identity"));
        var ask = await handler.GetAsync($"/staff/cases/{anonymous}/disclosure");
        Assert.NotNull(ask.Document.QuerySelector("#nothing-to-ask"));
    }

    private async Task<Receipt> FileConfidentialAsync()
    {
        var (receipt, _, _) = await FileAsync(new ReportFields()
            .Set("identity", "confidential")
            .Set("reporter-name", ReporterName)
            .Set("reporter-staff-number", "CS 4471"));
        return receipt;
    }

    /// <summary>The handler asks on the case's own form; returns the request page's path.</summary>
    private async Task<string> AskAsync(StaffMember handler)
    {
        var session = await Staff.SignInAsync(handler);
        var ask = await session.GetAsync($"/staff/cases/{await CaseIdAsync()}/disclosure");
        var asked = await session.SubmitAsync(ask, "ask", ("reasons", Reasons));
        Assert.Equal(HttpStatusCode.OK, asked.Status);
        return asked.Address.AbsolutePath;
    }

    private async Task DecideAsync(StaffMember custodian, string requestPath, string decision, string reasons = CustodianReasons)
    {
        var session = await Staff.SignInAsync(custodian);
        var page = await session.GetAsync(requestPath + "/decide");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var decided = await session.SubmitAsync(page, "decide", ("decision", decision), ("reasons", reasons));
        Assert.Equal(HttpStatusCode.OK, decided.Status);
    }

    /// <summary>The member's own key opens no identity grant of the case (a custodian-handler may hold their custodian grant, not a released one).</summary>
    private async Task AssertOpensNoIdentityAsync(StaffMember member, bool asHandler = false)
    {
        var grants = await App.WithDatabaseAsync(db => db.KeyGrants.AsNoTracking().Where(g => g.Purpose == KeyPurpose.ReporterIdentity).ToListAsync());
        if (asHandler)
        {
            Assert.DoesNotContain(grants, g => g.StaffMemberId == member.Id && g.GrantedByStaffMemberId is not null);
            return;
        }

        using var key = StaffKeys.Unlock(member, StaffFixtures.Password(member.DisplayName), App.Settings.StaffKeyPepper);
        Assert.All(grants, g => Assert.ThrowsAny<CryptographicException>(() => CaseGrants.OpenWithPrivateKey(g, key, App.Retention)));
    }

    private ReporterIdentity OpenIdentity(Case @case, KeyGrant grant, StaffMember holder)
    {
        using var key = StaffKeys.Unlock(holder, StaffFixtures.Password(holder.DisplayName), App.Settings.StaffKeyPepper);
        var identityKey = CaseGrants.OpenWithPrivateKey(grant, key, App.Retention);
        return SealedFields.OpenRecord<ReporterIdentity>(identityKey, @case.SealedReporterIdentity!, new SealContext(@case.Id, @case.Id, SealedFields.ReporterIdentity));
    }

    private Task<Guid> CaseIdAsync() => App.WithDatabaseAsync(db => db.Cases.Where(c => c.IdentityMode == IdentityMode.Confidential).Select(c => c.Id).SingleAsync());

    private Task<string> ReferenceAsync() => App.WithDatabaseAsync(db => db.Cases.Where(c => c.IdentityMode == IdentityMode.Confidential).Select(c => c.Reference).SingleAsync());

    private Task<List<Guid>> NotifiedAsync(NotificationKind kind) =>
        App.WithDatabaseAsync(db => db.Notifications.AsNoTracking().Where(n => n.Kind == kind).Select(n => n.StaffMemberId).Distinct().ToListAsync());

    private Task<Guid> OtherForceAsync() => App.WithDatabaseAsync(async db =>
    {
        var force = new Core.Forces.Force { Code = "other", Name = "Other Constabulary" };
        db.Forces.Add(force);
        await db.SaveChangesAsync();
        return force.Id;
    });

    private static string Day(DateOnly day) => day.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"));
}
