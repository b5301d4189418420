using System.Net;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Staff;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Administration;

/// <summary>Administrators hold no grant, nothing they hold opens a case, and no administration page shows case content.</summary>
public sealed class AdministratorsSeeNothingTests : AdminTest
{
    private const string Canary = "Canary-7f3a kettle mirror";

    [Fact]
    public async Task After_intake_no_administrator_holds_a_grant_or_a_key_that_opens_the_case_and_no_admin_page_shows_its_content()
    {
        var handler = await AddMemberAsync("hal", ["handler"], intake: true);
        var admin = await AddMemberAsync("ada", ["administrator"]);
        // Flagged for intake by mistake, without the handler role: still nothing.
        var flagged = await AddMemberAsync("fay", ["administrator"], intake: true);
        await FileAsync(new ReportFields().Set("what", $"{Canary} in the group chat.").Set("group", Canary).Set("subjects[0].name", Canary));
        Assert.Equal(1, await App.RunIntakeAsync());

        var @case = await App.WithDatabaseAsync(db => db.Cases.AsNoTracking().Include(c => c.Grants).SingleAsync());
        Assert.Equal([handler.Id], @case.Grants.Where(g => g.Holder == KeyHolder.Staff).Select(g => g.StaffMemberId!.Value));
        Assert.Equal(0, await App.WithDatabaseAsync(db => db.KeyGrants.CountAsync(g => g.StaffMemberId == admin.Id || g.StaffMemberId == flagged.Id)));

        // The handler's key opens the case; neither administrator's private key opens any grant of it.
        using (var handlerKey = StaffKeys.Unlock(handler, StaffFixtures.Password("hal"), App.Settings.StaffKeyPepper))
        {
            var caseKey = CaseGrants.OpenWithPrivateKey(@case.Grants.Single(g => g.StaffMemberId == handler.Id), handlerKey, App.Retention);
            Assert.Equal(Canary, SealedFields.OpenRecord<ReportAccount>(caseKey, @case.SealedAccount, new(@case.Id, @case.Id, SealedFields.Account)).GroupName);
        }

        foreach (var member in new[] { admin, flagged })
        {
            using var key = StaffKeys.Unlock(member, StaffFixtures.Password(member.DisplayName), App.Settings.StaffKeyPepper);
            Assert.NotEmpty(@case.Grants);
            Assert.All(@case.Grants, grant => Assert.ThrowsAny<Exception>(() => CaseGrants.OpenWithPrivateKey(grant, key, App.Retention)));
        }

        // Every administration page, as an administrator of the case's force: the content is nowhere.
        var browser = await SignInAsync(admin);
        foreach (var (path, _) in AdminAccessTests.AdminPages(handler).Where(p => p.Path != "/staff/admin/forces/new"))
        {
            var page = await browser.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.DoesNotContain("Canary-7f3a", page.Html, StringComparison.OrdinalIgnoreCase);
        }

        // The case pages themselves are not theirs either.
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/staff/cases/{@case.Id}")).Status);
        Assert.DoesNotContain("Canary-7f3a", (await browser.GetAsync("/staff/cases")).Html, StringComparison.OrdinalIgnoreCase);
    }
}
