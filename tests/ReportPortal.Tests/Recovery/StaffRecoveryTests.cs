using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Staff;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Recovery;

/// <summary>
/// A lost password, recovered through escrow (issue 8, DESIGN §3): two custodians approve in the staff face,
/// the operator tool runs with the escrow private key, and the member sets a new password through the
/// one-time link and opens the same cases with a new key, while the old key opens nothing.
/// </summary>
public sealed class StaffRecoveryTests : RecoveryTest
{
    private const string NewPassword = "orchard lantern pebble violet";

    [Fact]
    public async Task Two_custodians_approve_the_operator_rewraps_every_grant_and_the_member_opens_the_same_cases_with_a_new_key_and_password()
    {
        var hana = await App.AddStaffAsync("hana", "2001", intake: true);
        var first = await FileConfidentialCaseAsync("A colleague shared a racist meme about a victim in the shift group chat.");
        var second = await FileConfidentialCaseAsync("Crime scene photos were posted in the group chat last night.");
        await GrantIdentityAsync(first, hana);
        var carol = await App.AddStaffAsync("carol", "2002", intake: false, roles: [Custodian]);
        var colin = await App.AddStaffAsync("colin", "2003", intake: false, roles: [Custodian]);
        var harry = await App.AddStaffAsync("harry", "2004", intake: false, roles: ["handler"]);
        var hanaBefore = await App.WithDatabaseAsync(db => db.StaffMembers.AsNoTracking().SingleAsync(m => m.Id == hana.Id));
        using var oldKey = StaffKeys.Unlock(hanaBefore, StaffFixtures.Password("hana"), App.Settings.StaffKeyPepper);
        var oldSession = await Staff.SignInAsync(hana);
        var heldBefore = await GrantsOfAsync(hana);
        Assert.Equal(3, heldBefore.Count);

        // Hana lost her password. Carol starts the recovery (her approval); one approval is not enough.
        var started = await StartRecoveryAsync(await Staff.SignInAsync(carol), hana);
        Assert.Equal("/staff/recovery", started.Address.AbsolutePath);
        var request = await RequestForAsync(hana);
        Assert.Equal([carol.Id], request.Approvals.Select(a => a.CustodianStaffMemberId));
        var early = await RunOperatorAsync(request.Id);
        Assert.Equal(1, early.Exit);
        Assert.Contains("approval of 2 different custodians", early.Error, StringComparison.Ordinal);
        Assert.Equal(hanaBefore.PublicKey, await PublicKeyOfAsync(hana));

        // A handler who is not a custodian cannot even see the page; Colin approves.
        var harrySession = await Staff.SignInAsync(harry);
        Assert.Equal(HttpStatusCode.NotFound, (await harrySession.GetAsync("/staff/recovery")).Status);
        var approved = await ApproveAsync(await Staff.SignInAsync(colin), request.Id);
        Assert.Equal(HttpStatusCode.OK, approved.Status);
        Assert.Contains(request.Id.ToString(), approved.Document.QuerySelector("#recovery-requests")!.TextContent, StringComparison.Ordinal);

        // A wrong escrow key is refused before anything changes.
        var wrongKeyFile = Path.Combine(App.Settings.Directory, "not-escrow.pem");
        using (var stranger = ReportPortal.Crypto.KeyPair.Generate())
        {
            await File.WriteAllTextAsync(wrongKeyFile, stranger.ExportPrivateKeyPem());
        }

        Assert.Equal(1, (await RunOperatorAsync(request.Id, wrongKeyFile)).Exit);
        Assert.Equal(hanaBefore.PublicKey, await PublicKeyOfAsync(hana));

        var run = await RunOperatorAsync(request.Id);
        Assert.True(run.Exit == 0, run.Error);
        Assert.Contains("3 grants re-wrapped", run.Output, StringComparison.Ordinal);
        var link = run.Output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(StaffInvitations.EnrolPath, StringComparison.Ordinal));
        Assert.Equal(1, (await RunOperatorAsync(request.Id)).Exit);

        // The old password, the old session and the old key are finished: no grant opens with the old key.
        Assert.Equal("/staff/sign-in", (await oldSession.GetAsync("/staff")).Address.AbsolutePath);
        Assert.Null(await SignInWithAsync(hana, StaffFixtures.Password("hana"), StaffFixtures.TotpSecret("hana")));
        var heldAfter = await GrantsOfAsync(hana);
        Assert.Equal(heldBefore.Select(g => (g.CaseId, g.Purpose)).Order(), heldAfter.Select(g => (g.CaseId, g.Purpose)).Order());
        Assert.All(heldAfter, g => Assert.ThrowsAny<CryptographicException>(() => CaseGrants.OpenWithPrivateKey(g, oldKey, App.Retention)));

        // Hana sets a new password and authenticator through the one-time link.
        var newcomer = new PageSession(Staff.CreateClient());
        var start = await newcomer.GetAsync(link);
        Assert.Equal("Choose a new password", start.Document.QuerySelector("h1")?.TextContent.Trim());
        var totp = await newcomer.SubmitAsync(start, "password", ("password", NewPassword));
        var secret = StaffSignIn.ShownSecret(totp.Document.QuerySelector(".rp-totp-key")!.TextContent);
        Assert.NotEqual(StaffFixtures.TotpSecret("hana"), secret);
        var step = await StaffSignIn.UnusedStepAsync(Staff, hana.Id);
        var done = await newcomer.SubmitAsync(totp, "totp", ("code", StaffSignIn.Code(secret, step)));
        Assert.Equal("Your account is ready", done.Document.QuerySelector("h1")?.TextContent.Trim());
        Assert.Equal(HttpStatusCode.NotFound, (await newcomer.GetAsync(link)).Status);

        // The same grants open with the new key (to the same keys escrow holds), and the case page reads as before.
        var hanaAfter = await App.WithDatabaseAsync(db => db.StaffMembers.AsNoTracking().SingleAsync(m => m.Id == hana.Id));
        using (var newKey = StaffKeys.Unlock(hanaAfter, NewPassword, App.Settings.StaffKeyPepper))
        {
            foreach (var grant in heldAfter)
            {
                var escrowGrant = await App.WithDatabaseAsync(db => db.KeyGrants.AsNoTracking()
                    .SingleAsync(g => g.CaseId == grant.CaseId && g.Purpose == grant.Purpose && g.Holder == KeyHolder.Escrow));
                Assert.Equal(CaseGrants.OpenWithPrivateKey(escrowGrant, App.Escrow, App.Retention), CaseGrants.OpenWithPrivateKey(grant, newKey, App.Retention));
            }
        }

        var signedIn = await SignInWithAsync(hana, NewPassword, secret);
        Assert.NotNull(signedIn);
        Assert.Contains("racist meme about a victim", (await signedIn.GetAsync($"/staff/cases/{first}")).Text, StringComparison.Ordinal);
        Assert.Contains("Crime scene photos", (await signedIn.GetAsync($"/staff/cases/{second}")).Text, StringComparison.Ordinal);

        var actions = await App.WithDatabaseAsync(db => db.AuditEntries.AsNoTracking().Select(e => e.Action).ToListAsync());
        Assert.Contains(AuditActions.StaffRecoveryRequested, actions);
        Assert.Contains(AuditActions.StaffRecoveryApproved, actions);
        Assert.Single(actions, AuditActions.StaffRecovered);
        Assert.Equal(3, actions.Count(a => a == AuditActions.GrantRewrapped));
    }

    [Fact]
    public async Task Nobody_approves_their_own_recovery_or_approves_twice_and_an_expired_request_cannot_be_carried_out()
    {
        var carol = await App.AddStaffAsync("carol", "2002", intake: false, roles: [Custodian]);
        var colin = await App.AddStaffAsync("colin", "2003", intake: false, roles: [Custodian]);
        var carolSession = await Staff.SignInAsync(carol);
        var colinSession = await Staff.SignInAsync(colin);

        var own = await StartRecoveryAsync(carolSession, carol);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, own.Status);
        Assert.Equal("You cannot start your own recovery: two other custodians of your force must do it", own.ErrorFor("member"));
        var withoutCheck = await carolSession.SubmitAsync(await carolSession.GetAsync("/staff/recovery"), "start", ("member", colin.Id.ToString()));
        Assert.Equal("Confirm that you checked it is really them asking, and that they lost their password", withoutCheck.ErrorFor("checked"));
        Assert.Equal(colin.Id.ToString(), withoutCheck.Document.QuerySelector("#member option[selected]")?.GetAttribute("value"));

        // Colin starts Carol's recovery; Carol cannot approve it, and Colin cannot approve it a second time.
        await StartRecoveryAsync(colinSession, carol);
        var request = await RequestForAsync(carol);
        var carolPage = await carolSession.GetAsync("/staff/recovery");
        Assert.Null(carolPage.Document.QuerySelector("button[name='request']"));
        var self = await ApproveAsync(carolSession, request.Id, request.Version);
        Assert.Equal("You cannot approve your own recovery: two other custodians of your force must", self.ErrorSummary.Single());
        var twice = await ApproveAsync(colinSession, request.Id, request.Version);
        Assert.Equal("You approved this recovery already: a different custodian must give the second approval", twice.ErrorSummary.Single());
        Assert.Single((await RequestForAsync(carol)).Approvals);

        // A third custodian could approve, but not after the request expired; the operator refuses it too.
        var cora = await App.AddStaffAsync("cora", "2005", intake: false, roles: [Custodian]);
        App.Clock.Advance(StaffRecoveries.Lifetime);
        var coraSession = await Staff.SignInAsync(cora);
        var late = await ApproveAsync(coraSession, request.Id, request.Version);
        Assert.Equal("This request is no longer waiting for approval", late.ErrorSummary.Single());
        Assert.Contains(StaffRecoveries.Expired, late.Document.QuerySelector("#recovery-requests")!.TextContent, StringComparison.Ordinal);
        var run = await RunOperatorAsync(request.Id);
        Assert.Equal(1, run.Exit);
        Assert.Contains("expired", run.Error, StringComparison.Ordinal);
    }

    private Task<List<KeyGrant>> GrantsOfAsync(StaffMember member) =>
        App.WithDatabaseAsync(db => db.KeyGrants.AsNoTracking().Where(g => g.StaffMemberId == member.Id).ToListAsync());

    private Task<byte[]> PublicKeyOfAsync(StaffMember member) =>
        App.WithDatabaseAsync(db => db.StaffMembers.Where(m => m.Id == member.Id).Select(m => m.PublicKey).SingleAsync());
}
