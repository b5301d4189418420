extern alias staff;

using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Forces;
using ReportPortal.Core.Notifications;
using ReportPortal.Core.Staff;
using ReportPortal.Tests.Evidence;
using ReportPortal.Tests.TestHost;
using StaffSecrets = staff::ReportPortal.StaffFace.Secrets.StaffSecrets;
using StaffSideReasons = staff::ReportPortal.StaffFace.Related.StaffSideReasons;

namespace ReportPortal.Tests.Related;

/// <summary>
/// Related reports on real PostgreSQL through the staff pages: matches by blind index across the ways people
/// spell a group, a name or a staff number, and by an identical file indexed at intake; the force pattern view
/// in counts only; requests for a related report refused (no grant) and granted (the requester's own key opens
/// it); explicit links with reasons both cases' holders read.
/// </summary>
public sealed class RelatedReportsTests : StaffAppTest
{
    [Fact]
    public async Task Reports_match_across_spellings_and_by_an_identical_file_and_the_force_sees_the_pattern_in_counts_only()
    {
        var alice = await App.AddStaffAsync("alice", "4001");
        var screenshot = EvidenceSamples.PdfWithAuthor();
        await FileWithFileAsync(new ReportFields(), screenshot);
        await FileAsync(Report("whatsapp", "  late   turn LADS ", "Someone Else", "9999"));
        await FileAsync(Report("Signal", "Other Group", "pc  EXAMPLE person", "PC 01234"));
        await FileWithFileAsync(Report("Telegram", "Unrelated", "Unrelated Person", "7777"), screenshot);

        Assert.Equal(4, await App.RunIntakeAsync());

        // Each reporter file's hash was opened with the intake key and indexed; the wrapped hash is gone.
        var files = await App.WithDatabaseAsync(db => db.EvidenceFiles.AsNoTracking().ToListAsync());
        Assert.Equal(2, files.Count);
        Assert.All(files, f => Assert.Null(f.HashForIndex));
        Assert.All(files, f => Assert.Equal(App.Settings.Indexes.EvidenceHash(SHA256.HashData(screenshot)), f.ContentHashIndex));

        var session = await Staff.SignInAsync(alice);
        var lateTurn = App.Settings.Indexes.ChatGroup("WhatsApp", "Late Turn Lads");
        var withFile = files.Select(f => f.CaseId).ToList();
        var firstCase = await App.WithDatabaseAsync(db => db.Cases.SingleAsync(c => c.GroupIndex == lateTurn && withFile.Contains(c.Id)));
        var page = await session.GetAsync($"/staff/cases/{firstCase.Id}");
        var rows = page.Document.QuerySelectorAll("#related-held tbody tr").ToDictionary(r => r.QuerySelector("td")!.TextContent.Trim(), r => r.QuerySelectorAll("td")[1].TextContent);
        Assert.Equal(3, rows.Count);
        Assert.Equal("the same chat group", rows[await App.WithDatabaseAsync(db => db.Cases.Where(c => c.GroupIndex == lateTurn && c.Id != firstCase.Id).Select(c => c.Reference).SingleAsync())]);
        Assert.Equal("a named colleague", rows[await ReferenceOfGroupAsync("Signal", "Other Group")]);
        Assert.Equal("an identical file", rows[await ReferenceOfGroupAsync("Telegram", "Unrelated")]);
        Assert.Null(page.Document.QuerySelector("#related-not-held"));

        // The pattern view: counts behind neutral labels, nothing decrypted.
        var patterns = await session.GetAsync("/staff/patterns");
        Assert.Equal(HttpStatusCode.OK, patterns.Status);
        Assert.Equal(["Group A 2"], Rows(patterns, "#groups"));
        Assert.Equal(["Colleague A 2"], Rows(patterns, "#colleagues"));
        Assert.Equal(["Name A 2"], Rows(patterns, "#names"));
        foreach (var secret in new[] { "Late Turn", "Example", "1234", "WhatsApp" })
        {
            Assert.DoesNotContain(secret, patterns.Html, StringComparison.OrdinalIgnoreCase);
        }

        // Another force's handler sees their own force only: none of these.
        var other = await App.WithDatabaseAsync(async db =>
        {
            var force = new Force { Code = "other", Name = "Other Constabulary" };
            db.Forces.Add(force);
            await db.SaveChangesAsync();
            return force.Id;
        });
        var stranger = await App.AddStaffAsync("stranger", "5001", forceId: other);
        var theirs = await (await Staff.SignInAsync(stranger)).GetAsync("/staff/patterns");
        Assert.NotNull(theirs.Document.QuerySelector("#groups-none"));
        Assert.NotNull(theirs.Document.QuerySelector("#colleagues-none"));

        async Task<string> ReferenceOfGroupAsync(string platform, string group)
        {
            var index = App.Settings.Indexes.ChatGroup(platform, group);
            return await App.WithDatabaseAsync(db => db.Cases.Where(c => c.GroupIndex == index).Select(c => c.Reference).SingleAsync());
        }
    }

    [Fact]
    public async Task A_refused_request_makes_no_grant_a_granted_one_opens_the_case_with_the_requesters_own_key_and_links_show_on_both()
    {
        var alice = await App.AddStaffAsync("alice", "4001");
        await FileAsync(new ReportFields());
        await App.RunIntakeAsync();
        await App.WithDatabaseAsync(db => db.StaffMembers.Where(s => s.Id == alice.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.IsIntakeHandler, false)));
        var bob = await App.AddStaffAsync("bob", "4002");
        await FileAsync(new ReportFields().Set("group", "LATE TURN lads"));
        await App.RunIntakeAsync();
        var ids = await App.WithDatabaseAsync(db => db.KeyGrants.AsNoTracking().Where(g => g.Holder == KeyHolder.Staff).ToDictionaryAsync(g => g.StaffMemberId!.Value, g => g.CaseId));
        var (mine, theirs) = (ids[alice.Id], ids[bob.Id]);
        var theirReference = await App.WithDatabaseAsync(db => db.Cases.Where(c => c.Id == theirs).Select(c => c.Reference).SingleAsync());

        // Alice sees a count and nothing else about Bob's report.
        var aliceSession = await Staff.SignInAsync(alice);
        var page = await aliceSession.GetAsync($"/staff/cases/{mine}");
        Assert.Contains("1 related report you do not have access to", page.Document.QuerySelector("#related-not-held")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(theirReference, page.Html, StringComparison.Ordinal);
        var refused = await aliceSession.SubmitAsync(page, "related-request", ("request-reasons", ""));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("Enter why you need access.", refused.ErrorFor("request-reasons"));
        page = await aliceSession.SubmitAsync(refused, "related-request", ("request-reasons", "Same group chat: I need to see who else was in it."));
        Assert.NotNull(page.Document.QuerySelector("#related-sent"));
        Assert.Contains("You have asked for 1 of them already", page.Text, StringComparison.Ordinal);
        Assert.Contains(bob.Id, await NotifiedAsync(theirs, NotificationKind.AccessRequested));

        // Bob refuses, with reasons: no grant, and Alice's key opens nothing of the case.
        var bobSession = await Staff.SignInAsync(bob);
        var requests = await bobSession.GetAsync("/staff/access-requests");
        var link = requests.Document.QuerySelector("#to-decide a")!.GetAttribute("href")!;
        var request = await bobSession.GetAsync(link);
        Assert.Contains("Same group chat", request.Document.QuerySelector("#reasons")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("the same chat group", request.Text, StringComparison.Ordinal);
        var blank = await bobSession.SubmitAsync(request, "refuse", ("refuse-reasons", " "));
        Assert.Equal(HttpStatusCode.BadRequest, blank.Status);
        var decided = await bobSession.SubmitAsync(request, "refuse", ("refuse-reasons", "Not yet: the witness account must be taken first."));
        Assert.Equal(HttpStatusCode.OK, decided.Status);
        Assert.Null(decided.Document.QuerySelector("#to-decide"));
        Assert.Equal(HttpStatusCode.Conflict, (await bobSession.SubmitAsync(request, "grant")).Status);
        await AssertOpensAsync(alice, "alice", theirs, expected: false);
        Assert.Contains(alice.Id, await NotifiedAsync(mine, NotificationKind.AccessDecided));
        var outcome = await aliceSession.GetAsync("/staff/access-requests");
        Assert.Contains("Refused", outcome.Document.QuerySelector("#mine")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("the witness account must be taken first", outcome.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(theirReference, outcome.Html, StringComparison.Ordinal);

        // Asked again, Bob grants: Alice opens the case with her own key, and the outcome names it.
        page = await aliceSession.SubmitAsync(await aliceSession.GetAsync($"/staff/cases/{mine}"), "related-request", ("request-reasons", "The witness account is in now."));
        request = await bobSession.GetAsync((await bobSession.GetAsync("/staff/access-requests")).Document.QuerySelector("#to-decide a")!.GetAttribute("href")!);
        decided = await bobSession.SubmitAsync(request, "grant");
        Assert.Equal(HttpStatusCode.OK, decided.Status);
        await AssertOpensAsync(alice, "alice", theirs, expected: true);
        var granted = await App.WithDatabaseAsync(db => db.KeyGrants.AsNoTracking().SingleAsync(g => g.CaseId == theirs && g.StaffMemberId == alice.Id));
        Assert.Equal(bob.Id, granted.GrantedByStaffMemberId);
        Assert.Contains(await App.WithDatabaseAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.CaseId == theirs).Select(e => e.Action).ToListAsync()),
            a => a == AuditActions.AccessRefused);
        outcome = await aliceSession.GetAsync("/staff/access-requests");
        Assert.Contains($"Open {theirReference}", outcome.Text, StringComparison.Ordinal);

        // Alice links the two cases with a reason; Bob, who holds only his, reads the reason but not her reference.
        page = await aliceSession.GetAsync($"/staff/cases/{mine}");
        Assert.Contains(theirReference, page.Document.QuerySelector("#related-held")!.TextContent, StringComparison.Ordinal);
        page = await aliceSession.SubmitAsync(page, "related-link", ("link-reference", theirReference.ToLowerInvariant()), ("link-reason", "Same group, same night."));
        Assert.Contains(theirReference, page.Document.QuerySelector("#links")!.TextContent, StringComparison.Ordinal);
        var twice = await aliceSession.SubmitAsync(page, "related-link", ("link-reference", theirReference), ("link-reason", "Again."));
        Assert.Equal(HttpStatusCode.BadRequest, twice.Status);
        Assert.Contains("already linked", twice.ErrorFor("link-reference"), StringComparison.Ordinal);
        Assert.Equal("Again.", twice.Document.QuerySelector("#link-reason")!.TextContent);
        var bobsView = await bobSession.GetAsync($"/staff/cases/{theirs}");
        var bobsLinks = bobsView.Document.QuerySelector("#links")!.TextContent;
        Assert.Contains("A case you do not have access to", bobsLinks, StringComparison.Ordinal);
        Assert.Contains("Same group, same night.", bobsLinks, StringComparison.Ordinal);
        var linkRow = await App.WithDatabaseAsync(db => db.CaseLinks.AsNoTracking().SingleAsync());
        Assert.True(linkRow.SealedReasonFirst.AsSpan().IndexOf("Same group"u8) < 0);

        page = await aliceSession.SubmitAsync(page, "related-unlink", ("unlink-link", linkRow.Id.ToString()), ("unlink-reason", "Different nights after all."));
        Assert.Contains("Link removed", page.Document.QuerySelector("#links")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Different nights after all.", (await bobSession.GetAsync($"/staff/cases/{theirs}")).Document.QuerySelector("#links")!.TextContent, StringComparison.Ordinal);
        var actions = await App.WithDatabaseAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.CaseId == theirs).Select(e => e.Action).ToListAsync());
        Assert.Contains(AuditActions.CaseLinked, actions);
        Assert.Contains(AuditActions.CaseUnlinked, actions);
    }

    [Fact]
    public async Task A_holder_cannot_grant_a_request_to_someone_named_in_the_case()
    {
        var bob = await App.AddStaffAsync("bob", "4002");
        var named = await App.AddStaffAsync("named", "1234", intake: false);
        await FileAsync(new ReportFields());
        await App.RunIntakeAsync();
        var caseId = await App.WithDatabaseAsync(db => db.Cases.Select(c => c.Id).SingleAsync());
        // Planted as if asked before the report named them (the related view never offers them this case).
        using var secrets = StaffSecrets.FromConfiguration(App.Settings.Staff);
        var request = new AccessRequest { CaseId = caseId, FromCaseId = caseId, RequesterStaffMemberId = named.Id, RequestedOn = new DateOnly(2026, 11, 1), SealedReasons = [] };
        request.SealedReasons = StaffSideReasons.Seal(secrets, caseId, request.Id, StaffSideReasons.RequestReasons, "Planted.");
        await App.WithDatabaseAsync(async db =>
        {
            db.AccessRequests.Add(request);
            await db.SaveChangesAsync();
        });

        var bobSession = await Staff.SignInAsync(bob);
        var page = await bobSession.GetAsync($"/staff/access-requests/{request.Id}");
        var refused = await bobSession.SubmitAsync(page, "grant");
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("named in it or have declared a conflict of interest", refused.Text, StringComparison.Ordinal);
        Assert.False(await App.WithDatabaseAsync(db => db.KeyGrants.AnyAsync(g => g.StaffMemberId == named.Id)));
        await AssertOpensAsync(named, "named", caseId, expected: false);
    }

    private static ReportFields Report(string platform, string group, string name, string number) => new ReportFields()
        .Set("platform", platform).Set("group", group).Set("subjects[0].name", name).Set("subjects[0].staff-number", number);

    private async Task FileWithFileAsync(ReportFields fields, byte[] file)
    {
        // A reporter of their own: each signs in to their own inbox with their own receipt.
        var reporter = new PageSession(App.CreateClient());
        var (receipt, _, _) = await ReportJourney.FileAsync(reporter, fields);
        var inbox = await reporter.SubmitAsync(await reporter.GetAsync("/status"), "status", ("receipt", receipt.Display));
        var uploaded = await InboxUploadTests.UploadAsync(reporter, inbox, new InboxUploadTests.UploadPart(1, "chat.pdf", file));
        Assert.Single(uploaded.Document.QuerySelectorAll(".rp-upload-result--added"));
    }

    private static List<string> Rows(LoadedPage page, string table) =>
        page.Document.QuerySelectorAll($"{table} tbody tr").Select(r => string.Join(' ', r.Children.Select(c => c.TextContent.Trim()))).ToList();

    private Task<List<Guid>> NotifiedAsync(Guid caseId, NotificationKind kind) =>
        App.WithDatabaseAsync(db => db.Notifications.AsNoTracking().Where(n => n.CaseId == caseId && n.Kind == kind).Select(n => n.StaffMemberId).ToListAsync());

    /// <summary>Whether any grant of the case opens with the member's own private key (their password through the pepper).</summary>
    private async Task AssertOpensAsync(StaffMember member, string name, Guid caseId, bool expected)
    {
        var @case = await App.WithDatabaseAsync(db => db.Cases.AsNoTracking().Include(c => c.Grants).SingleAsync(c => c.Id == caseId));
        using var key = StaffKeys.Unlock(member, StaffFixtures.Password(name), App.Settings.StaffKeyPepper);
        var opened = @case.Grants.Where(g => g.Holder != KeyHolder.Reporter).Select(g =>
        {
            try
            {
                return CaseGrants.OpenWithPrivateKey(g, key, App.Retention);
            }
            catch (CryptographicException)
            {
                return null;
            }
        }).OfType<byte[]>().ToList();
        Assert.Equal(expected, opened.Count > 0);
        foreach (var caseKey in opened)
        {
            Assert.Contains("Late", SealedFields.OpenRecord<ReportAccount>(caseKey, @case.SealedAccount, new(caseId, caseId, SealedFields.Account)).GroupName, StringComparison.OrdinalIgnoreCase);
        }
    }
}
