using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Staff;
using ReportPortal.Core.Welfare;
using ReportPortal.Crypto;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Welfare;

/// <summary>
/// The welfare key at the key level, on real PostgreSQL: every case gets one at filing (escrow, reporter,
/// intake), intake passes it to the force's welfare leads who are not named in the report and deletes the
/// intake grant; a welfare lead's key opens welfare records and nothing under the case key, and a handler's
/// opens nothing welfare.
/// </summary>
public sealed class WelfareKeyTests : StaffAppTest
{
    [Fact]
    public async Task Welfare_leads_get_the_welfare_key_and_never_the_case_key_and_handlers_never_the_welfare_key()
    {
        var handler = await App.AddStaffAsync("alice", "4001");
        var lead = await App.AddStaffAsync("wanda", "5001", intake: false, roles: ["welfare-lead"]);
        // Named in the report (staff number 1234 of the demo force): a conflict of interest.
        var named = await App.AddStaffAsync("nina", "1234", intake: false, roles: ["welfare-lead"]);
        var inactive = await App.AddStaffAsync("ivan", "5002", intake: false, roles: ["welfare-lead"]);
        await App.WithDatabaseAsync(db => db.StaffMembers.Where(s => s.Id == inactive.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.IsActive, false)));
        var (receipt, _, _) = await FileAsync(new ReportFields().Set("support", "yes"));

        var filed = await GrantsAsync();
        Assert.Equal(
            ["escrow", "intake", "reporter"],
            filed.Where(g => g.Purpose == KeyPurpose.Welfare).Select(g => StoredNames.Holder[g.Holder]).Order(StringComparer.Ordinal));

        Assert.Equal(1, await App.RunIntakeAsync());

        var grants = await GrantsAsync();
        Assert.DoesNotContain(grants, g => g.Holder == KeyHolder.Intake);
        var welfareStaff = grants.Where(g => g.Purpose == KeyPurpose.Welfare && g.Holder == KeyHolder.Staff).ToList();
        Assert.Equal([lead.Id], welfareStaff.Select(g => g.StaffMemberId!.Value));
        Assert.DoesNotContain(grants, g => g.StaffMemberId == lead.Id && g.Purpose != KeyPurpose.Welfare);
        Assert.DoesNotContain(grants, g => g.StaffMemberId == named.Id || g.StaffMemberId == inactive.Id);
        Assert.DoesNotContain(grants, g => g.StaffMemberId == handler.Id && g.Purpose == KeyPurpose.Welfare);

        // A welfare record, sealed as the reporter face seals it.
        var @case = await App.WithDatabaseAsync(db => db.Cases.AsNoTracking().SingleAsync());
        var reporterKey = receipt.DeriveReporterKey();
        var reporterWelfareGrant = grants.Single(g => g.Purpose == KeyPurpose.Welfare && g.Holder == KeyHolder.Reporter);
        var welfareKey = CaseGrants.OpenReporterGrant(reporterWelfareGrant, reporterKey, App.Retention);
        var record = new WelfareMessage { CaseId = @case.Id, Author = MessageAuthor.Reporter, SealedBody = [] };
        record.SealedBody = WelfareSeal.Message(welfareKey, record, "I would like someone to talk to.");

        // The welfare lead: their private key opens their welfare grant, and that key opens welfare records…
        using var leadKey = StaffKeys.Unlock(lead, StaffFixtures.Password("wanda"), App.Settings.StaffKeyPepper);
        var leadWelfareKey = CaseGrants.OpenWithPrivateKey(welfareStaff.Single(), leadKey, App.Retention);
        Assert.Equal(welfareKey, leadWelfareKey);
        Assert.Equal("I would like someone to talk to.", WelfareSeal.OpenMessage(leadWelfareKey, record));
        // …and nothing under the case key: not the account, not a handler's grant, not the escrow's.
        Assert.ThrowsAny<CryptographicException>(() => SealedFields.OpenRecord<ReportAccount>(leadWelfareKey, @case.SealedAccount, new SealContext(@case.Id, @case.Id, SealedFields.Account)));
        foreach (var caseGrant in grants.Where(g => g.Purpose == KeyPurpose.CaseContent && g.Holder != KeyHolder.Reporter))
        {
            Assert.ThrowsAny<CryptographicException>(() => CaseGrants.OpenWithPrivateKey(caseGrant, leadKey, App.Retention));
        }

        // The handler: the case key opens the report and no welfare record; their key opens no welfare grant.
        using var handlerKey = StaffKeys.Unlock(handler, StaffFixtures.Password("alice"), App.Settings.StaffKeyPepper);
        var caseKey = CaseGrants.OpenWithPrivateKey(grants.Single(g => g.StaffMemberId == handler.Id), handlerKey, App.Retention);
        Assert.NotNull(SealedFields.OpenRecord<ReportAccount>(caseKey, @case.SealedAccount, new SealContext(@case.Id, @case.Id, SealedFields.Account)));
        Assert.ThrowsAny<CryptographicException>(() => WelfareSeal.OpenMessage(caseKey, record));
        foreach (var welfareGrant in grants.Where(g => g.Purpose == KeyPurpose.Welfare && g.Holder != KeyHolder.Reporter))
        {
            Assert.ThrowsAny<CryptographicException>(() => CaseGrants.OpenWithPrivateKey(welfareGrant, handlerKey, App.Retention));
        }

        // The escrow holds both keys, separately.
        Assert.Equal(welfareKey, CaseGrants.OpenWithPrivateKey(grants.Single(g => g.Purpose == KeyPurpose.Welfare && g.Holder == KeyHolder.Escrow), App.Escrow, App.Retention));
        Assert.NotEqual(welfareKey, caseKey);
    }

    private Task<List<KeyGrant>> GrantsAsync() => App.WithDatabaseAsync(db => db.KeyGrants.AsNoTracking().ToListAsync());
}
