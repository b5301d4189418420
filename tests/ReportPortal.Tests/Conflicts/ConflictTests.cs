using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Staff;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Conflicts;

/// <summary>
/// Conflicts of interest at the key level, through the real staff pages as the staff database role: a
/// colleague the report names never gets a grant even with the handler role and the intake flag (whatever
/// force the reporter typed), and a member who declares a conflict loses every grant of the case, is taken off
/// it and can never be given it again; the last holder to declare hands the case on first.
/// </summary>
public sealed class ConflictTests : StaffAppTest
{
    [Fact]
    public async Task A_named_colleague_is_never_given_the_case_and_a_declared_conflict_takes_every_grant_away_for_good()
    {
        var alice = await App.AddStaffAsync("alice", "4001");
        var bob = await App.AddStaffAsync("bob", "4002");
        // Named as "PC 01234" of a force the reporter spelt their own way: still this force's 1234.
        var named = await App.AddStaffAsync("named", "1234");
        // A handler who may be given the case, so the "give access" form is there to misuse.
        await App.AddStaffAsync("dora", "4004", intake: false);
        await FileAsync(new ReportFields().Set("subjects[0].staff-number", "PC 01234").Set("subjects[0].force", "Atlantis Constabulary"));
        Assert.Equal(1, await App.RunIntakeAsync());
        var @case = await App.WithDatabaseAsync(db => db.Cases.AsNoTracking().Include(c => c.Subjects).SingleAsync());
        Assert.NotEqual(App.Settings.Indexes.StaffNumber("demo", "1234"), @case.Subjects.Single().StaffNumberIndex);
        Assert.Equal(new[] { alice.Id, bob.Id }.Order(), (await StaffHoldersAsync(@case.Id)).Order());

        // Not offered, and refused when asked for by hand.
        var aliceSession = await Staff.SignInAsync(alice);
        var page = await aliceSession.GetAsync($"/staff/cases/{@case.Id}");
        Assert.DoesNotContain(page.Document.QuerySelectorAll("#grant-staff option"), o => o.GetAttribute("value") == named.Id.ToString());
        page = await aliceSession.SubmitAsync(page, "grant", ("staff", named.Id.ToString()));
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains("named in it or have declared a conflict of interest", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(named.Id, await StaffHoldersAsync(@case.Id));
        page = await aliceSession.SubmitAsync(await aliceSession.GetAsync($"/staff/cases/{@case.Id}"), "assign", ("staff", alice.Id.ToString()));
        Assert.Equal(alice.Id, await App.WithDatabaseAsync(db => db.Cases.Where(c => c.Id == @case.Id).Select(c => c.AssigneeStaffMemberId).SingleAsync()));

        // Alice declares a conflict: every grant goes, she is no longer the assignee, and the case is gone from her view.
        var conflicts = await aliceSession.GetAsync($"/staff/conflicts?reference={@case.Reference}");
        Assert.Equal(@case.Reference, conflicts.Document.QuerySelector("#reference")!.GetAttribute("value"));
        var refused = await aliceSession.SubmitAsync(conflicts, "declare", ("reference", @case.Reference), ("reason", "  "));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(@case.Reference, refused.Document.QuerySelector("#reference")!.GetAttribute("value"));
        Assert.Equal("Enter your conflict of interest.", refused.ErrorFor("reason"));
        var declared = await aliceSession.SubmitAsync(refused, "declare", ("reference", @case.Reference.ToLowerInvariant()), ("reason", "The colleague named is my brother-in-law."));
        Assert.Equal(HttpStatusCode.OK, declared.Status);
        Assert.NotNull(declared.Document.QuerySelector("#declared"));
        Assert.Contains("my brother-in-law", declared.Document.QuerySelector("#declarations")!.TextContent, StringComparison.Ordinal);
        Assert.Equal([bob.Id], await StaffHoldersAsync(@case.Id));
        Assert.Null(await App.WithDatabaseAsync(db => db.Cases.Where(c => c.Id == @case.Id).Select(c => c.AssigneeStaffMemberId).SingleAsync()));
        await AssertKeyOpensNothingAsync(alice, "alice", @case.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await aliceSession.GetAsync($"/staff/cases/{@case.Id}")).Status);
        Assert.Empty((await aliceSession.GetAsync("/staff/cases")).Document.QuerySelectorAll("#cases tbody tr"));
        var stored = await App.WithDatabaseAsync(db => db.ConflictDeclarations.AsNoTracking().SingleAsync());
        Assert.True(stored.SealedReason.AsSpan().IndexOf("brother"u8) < 0);
        var audit = await App.WithDatabaseAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.CaseId == @case.Id && e.StaffMemberId == alice.Id).Select(e => e.Action).ToListAsync());
        Assert.Contains(AuditActions.ConflictDeclared, audit);
        Assert.Contains(AuditActions.GrantRemoved, audit);

        // Bob cannot give it back to her.
        var bobSession = await Staff.SignInAsync(bob);
        page = await bobSession.GetAsync($"/staff/cases/{@case.Id}");
        Assert.DoesNotContain(page.Document.QuerySelectorAll("#grant-staff option"), o => o.GetAttribute("value") == alice.Id.ToString());
        page = await bobSession.SubmitAsync(page, "grant", ("staff", alice.Id.ToString()));
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal([bob.Id], await StaffHoldersAsync(@case.Id));

        // Bob, the last holder, may step away only if someone else can be given the case: with no one, he is told why.
        conflicts = await bobSession.GetAsync("/staff/conflicts");
        refused = await bobSession.SubmitAsync(conflicts, "declare", ("reference", @case.Reference), ("reason", "I was on that shift."));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("no one else in your force can be given it", refused.ErrorFor("reference"), StringComparison.Ordinal);
        Assert.Equal([bob.Id], await StaffHoldersAsync(@case.Id));
        var carol = await App.AddStaffAsync("carol", "4003");
        declared = await bobSession.SubmitAsync(refused, "declare", ("reference", @case.Reference), ("reason", "I was on that shift."));
        Assert.Equal(HttpStatusCode.OK, declared.Status);
        Assert.Equal([carol.Id], await StaffHoldersAsync(@case.Id));
        await AssertKeyOpensNothingAsync(bob, "bob", @case.Id);
        using (var carolKey = StaffKeys.Unlock(carol, StaffFixtures.Password("carol"), App.Settings.StaffKeyPepper))
        {
            var grant = await App.WithDatabaseAsync(db => db.KeyGrants.AsNoTracking().SingleAsync(g => g.CaseId == @case.Id && g.StaffMemberId == carol.Id));
            var caseKey = CaseGrants.OpenWithPrivateKey(grant, carolKey, App.Retention);
            Assert.Equal("Late Turn Lads", SealedFields.OpenRecord<ReportAccount>(caseKey, @case.SealedAccount, new(@case.Id, @case.Id, SealedFields.Account)).GroupName);
        }

        // A reference that is no case of the force gets the same answer, and records nothing.
        var unknown = await bobSession.SubmitAsync(await bobSession.GetAsync("/staff/conflicts"), "declare", ("reference", "RP-NOSUCH00"), ("reason", "Just in case."));
        Assert.Equal(HttpStatusCode.OK, unknown.Status);
        Assert.NotNull(unknown.Document.QuerySelector("#declared"));
        Assert.Equal(2, await App.WithDatabaseAsync(db => db.ConflictDeclarations.CountAsync()));
    }

    private Task<List<Guid>> StaffHoldersAsync(Guid caseId) => App.WithDatabaseAsync(db => db.KeyGrants.AsNoTracking()
        .Where(g => g.CaseId == caseId && g.Holder == KeyHolder.Staff).Select(g => g.StaffMemberId!.Value).ToListAsync());

    /// <summary>The member's own private key opens none of the case's grants (staff and escrow alike).</summary>
    private async Task AssertKeyOpensNothingAsync(StaffMember member, string name, Guid caseId)
    {
        var grants = await App.WithDatabaseAsync(db => db.KeyGrants.AsNoTracking().Where(g => g.CaseId == caseId && g.Holder != KeyHolder.Reporter).ToListAsync());
        Assert.NotEmpty(grants);
        Assert.DoesNotContain(grants, g => g.StaffMemberId == member.Id);
        using var key = StaffKeys.Unlock(member, StaffFixtures.Password(name), App.Settings.StaffKeyPepper);
        Assert.All(grants, g => Assert.ThrowsAny<CryptographicException>(() => CaseGrants.OpenWithPrivateKey(g, key, App.Retention)));
    }
}
