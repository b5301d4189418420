using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Staff;
using ReportPortal.Crypto;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Disclosure;

/// <summary>
/// Custodians and welfare leads who join (or gain the role) after a report's intake, at the key level on real
/// PostgreSQL: the next time a holder of the case's identity or welfare key signs in (or opens their queue),
/// the key is wrapped for them, audited; never for someone the report names; and a welfare lead gets the
/// welfare key only, never the case key.
/// </summary>
public sealed class LateJoinerGrantTests : StaffAppTest
{
    private const string ReporterName = "Sergeant Brave Reporter";

    [Fact]
    public async Task A_custodian_who_joins_after_intake_can_open_the_identity_once_a_holder_has_signed_in_and_one_the_report_names_never_can()
    {
        await App.AddStaffAsync("alice", "4001");
        var carol = await App.AddStaffAsync("carol", "4003", intake: false, roles: ["custodian"]);
        await FileAsync(new ReportFields().Set("identity", "confidential").Set("reporter-name", ReporterName).Set("reporter-staff-number", "CS 4471"));
        Assert.Equal(1, await App.RunIntakeAsync());

        // After intake: a new custodian, a handler who becomes a custodian, and a custodian the report names (1234).
        var dan = await App.AddStaffAsync("dan", "4005", intake: false, roles: ["custodian"]);
        var dora = await App.AddStaffAsync("dora", "4006");
        await App.WithDatabaseAsync(db => { db.StaffMemberRoles.Add(new StaffRoleAssignment { StaffMemberId = dora.Id, Role = "custodian" }); return db.SaveChangesAsync(); });
        var named = await App.AddStaffAsync("nina", "1234", intake: false, roles: ["custodian"]);
        Assert.Empty(await IdentityGrantsAsync(dan.Id, dora.Id, named.Id));

        // A newcomer cannot do it for themselves: they hold nothing to wrap.
        await Staff.SignInAsync(dan);
        Assert.Empty(await IdentityGrantsAsync(dan.Id, dora.Id, named.Id));

        await Staff.SignInAsync(carol);
        var @case = await App.WithDatabaseAsync(db => db.Cases.AsNoTracking().SingleAsync());
        var grants = await IdentityGrantsAsync(dan.Id, dora.Id, named.Id);
        Assert.Equal(new[] { dan.Id, dora.Id }.Order(), grants.Select(g => g.StaffMemberId!.Value).Order());
        Assert.All(grants, g => Assert.Equal(carol.Id, g.GrantedByStaffMemberId));
        foreach (var member in new[] { dan, dora })
        {
            using var key = StaffKeys.Unlock(member, StaffFixtures.Password(member.DisplayName), App.Settings.StaffKeyPepper);
            var identityKey = CaseGrants.OpenWithPrivateKey(grants.Single(g => g.StaffMemberId == member.Id), key, App.Retention);
            var identity = SealedFields.OpenRecord<ReporterIdentity>(identityKey, @case.SealedReporterIdentity!, new SealContext(@case.Id, @case.Id, SealedFields.ReporterIdentity));
            Assert.Equal(ReporterName, identity.Name);
        }

        // The named custodian's key opens no identity grant of the case, however many holders sign in.
        await Staff.SignInAsync(dan);
        await (await Staff.SignInAsync(carol)).GetAsync("/staff/disclosure");
        var all = await App.WithDatabaseAsync(db => db.KeyGrants.AsNoTracking().Where(g => g.Purpose == KeyPurpose.ReporterIdentity).ToListAsync());
        Assert.DoesNotContain(all, g => g.StaffMemberId == named.Id);
        using (var namedKey = StaffKeys.Unlock(named, StaffFixtures.Password("nina"), App.Settings.StaffKeyPepper))
        {
            Assert.All(all, g => Assert.ThrowsAny<CryptographicException>(() => CaseGrants.OpenWithPrivateKey(g, namedKey, App.Retention)));
        }

        // Each member holds one grant, made once, and each is audited as made by the holder who shared it.
        Assert.Equal(all.Count, all.Select(g => g.StaffMemberId).Distinct().Count());
        var audited = await App.WithDatabaseAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == AuditActions.GrantMade && e.StaffMemberId == carol.Id).Select(e => e.Detail).ToListAsync());
        Assert.Equal(2, audited.Count);
        Assert.Contains(audited, d => d!.Contains(dan.Id.ToString("N"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_welfare_lead_who_joins_after_intake_gets_the_welfare_key_and_never_the_case_key()
    {
        var alice = await App.AddStaffAsync("alice", "4001");
        var wanda = await App.AddStaffAsync("wanda", "5001", intake: false, roles: ["welfare-lead"]);
        var (receipt, _, _) = await FileAsync(new ReportFields().Set("support", "yes"));
        await App.RunIntakeAsync();
        var walt = await App.AddStaffAsync("walt", "5003", intake: false, roles: ["welfare-lead"]);
        var named = await App.AddStaffAsync("nina", "1234", intake: false, roles: ["welfare-lead"]);
        // A handler who holds the case key is no sharer of the welfare key.
        await Staff.SignInAsync(alice);
        Assert.False(await App.WithDatabaseAsync(db => db.KeyGrants.AnyAsync(g => g.StaffMemberId == walt.Id)));

        await (await Staff.SignInAsync(wanda)).GetAsync("/staff/welfare");

        var grants = await App.WithDatabaseAsync(db => db.KeyGrants.AsNoTracking().ToListAsync());
        var waltGrant = Assert.Single(grants, g => g.StaffMemberId == walt.Id);
        Assert.Equal(KeyPurpose.Welfare, waltGrant.Purpose);
        Assert.Equal(wanda.Id, waltGrant.GrantedByStaffMemberId);
        Assert.DoesNotContain(grants, g => g.StaffMemberId == named.Id);

        var welfareKey = CaseGrants.OpenReporterGrant(
            grants.Single(g => g.Purpose == KeyPurpose.Welfare && g.Holder == KeyHolder.Reporter), receipt.DeriveReporterKey(), App.Retention);
        using var waltKey = StaffKeys.Unlock(walt, StaffFixtures.Password("walt"), App.Settings.StaffKeyPepper);
        Assert.Equal(welfareKey, CaseGrants.OpenWithPrivateKey(waltGrant, waltKey, App.Retention));
        var @case = await App.WithDatabaseAsync(db => db.Cases.AsNoTracking().SingleAsync());
        Assert.ThrowsAny<CryptographicException>(() => SealedFields.OpenRecord<ReportAccount>(welfareKey, @case.SealedAccount, new SealContext(@case.Id, @case.Id, SealedFields.Account)));
        foreach (var caseGrant in grants.Where(g => g.Purpose != KeyPurpose.Welfare && g.Holder != KeyHolder.Reporter))
        {
            Assert.ThrowsAny<CryptographicException>(() => CaseGrants.OpenWithPrivateKey(caseGrant, waltKey, App.Retention));
        }

        // And the welfare page opens for him now.
        var page = await (await Staff.SignInAsync(walt)).GetAsync($"/staff/welfare/{@case.Id}");
        Assert.Equal(System.Net.HttpStatusCode.OK, page.Status);
    }

    private Task<List<KeyGrant>> IdentityGrantsAsync(params Guid[] members) => App.WithDatabaseAsync(db => db.KeyGrants.AsNoTracking()
        .Where(g => g.Purpose == KeyPurpose.ReporterIdentity && g.StaffMemberId != null && members.Contains(g.StaffMemberId.Value)).ToListAsync());
}
