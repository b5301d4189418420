using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Cases;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Recovery;

/// <summary>
/// Leavers (issue 8): deactivating an account removes every key grant it held, of every purpose, and
/// unassigns it, in the same transaction as the deactivation; the confirmation counts its open cases for
/// reassignment and names by reference only those the administrator holds themselves.
/// </summary>
public sealed class LeaverTests : RecoveryTest
{
    [Fact]
    public async Task Deactivating_removes_every_grant_of_the_leaver_unassigns_them_and_counts_their_open_cases_naming_only_those_the_viewer_holds()
    {
        var hana = await App.AddStaffAsync("hana", "2001", intake: true);
        var onlyHers = await FileConfidentialCaseAsync("A colleague shared a racist meme about a victim in the shift group chat.");
        var henry = await App.AddStaffAsync("henry", "2002", intake: true);
        var shared = await FileConfidentialCaseAsync("Crime scene photos were posted in the group chat last night.");
        await GrantIdentityAsync(onlyHers, hana);
        var ada = await App.AddStaffAsync("ada", "2003", intake: false, roles: ["administrator", "handler"]);
        await GrantFromEscrowAsync(shared, KeyPurpose.CaseContent, ada);
        await App.WithDatabaseAsync(db => db.Cases.Where(c => c.Id == onlyHers).ExecuteUpdateAsync(u => u.SetProperty(c => c.AssigneeStaffMemberId, hana.Id)));
        var references = await App.WithDatabaseAsync(db => db.Cases.ToDictionaryAsync(c => c.Id, c => c.Reference));
        var versions = await App.WithDatabaseAsync(db => db.Cases.ToDictionaryAsync(c => c.Id, c => c.Version));
        Assert.Equal(3, await App.WithDatabaseAsync(db => db.KeyGrants.CountAsync(g => g.StaffMemberId == hana.Id)));

        var admin = await Staff.SignInAsync(ada);
        var account = await admin.GetAsync($"/staff/admin/staff/{hana.Id}");
        Assert.Equal(("2", "1", "1"), Counts(account));

        var confirmation = await admin.SubmitAsync(account, "deactivate");
        Assert.Contains("hana's account is deactivated", confirmation.Document.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(("2", "1", "1"), Counts(confirmation));
        var link = Assert.Single(confirmation.Document.QuerySelectorAll("#leaver-held-cases a"));
        Assert.Equal($"/staff/cases/{shared}", link.GetAttribute("href"));
        Assert.Contains(references[shared], link.TextContent, StringComparison.Ordinal);
        // The case nobody holds now is named by reference, with the command that helps, but never linked.
        Assert.Equal($"Case {references[onlyHers]}", confirmation.Document.QuerySelector("#leaver-unheld-cases li")!.TextContent);
        Assert.DoesNotContain(onlyHers.ToString(), confirmation.Html, StringComparison.Ordinal);

        // At the key level: no grant of any purpose is left for the leaver; the others' grants stay.
        await App.WithDatabaseAsync(async db =>
        {
            Assert.False(await db.KeyGrants.AnyAsync(g => g.StaffMemberId == hana.Id));
            Assert.True(await db.KeyGrants.AnyAsync(g => g.StaffMemberId == henry.Id && g.CaseId == shared));
            Assert.True(await db.KeyGrants.AnyAsync(g => g.StaffMemberId == ada.Id && g.CaseId == shared));
            Assert.Null(await db.Cases.Where(c => c.Id == onlyHers).Select(c => c.AssigneeStaffMemberId).SingleAsync());
            var after = await db.Cases.ToDictionaryAsync(c => c.Id, c => c.Version);
            Assert.All(after, v => Assert.Equal(versions[v.Key] + 1, v.Value));
            var audit = await db.AuditEntries.AsNoTracking().Where(e => e.StaffMemberId == ada.Id).ToListAsync();
            Assert.Equal(new[] { onlyHers, shared }.Order(), audit.Where(e => e.Action == AuditActions.GrantRemoved).Select(e => e.CaseId!.Value).Order());
            Assert.Equal(onlyHers, Assert.Single(audit, e => e.Action == AuditActions.AssignmentChanged).CaseId);
            Assert.Single(audit, e => e.Action == AuditActions.StaffDeactivated);
        });
    }

    /// <summary>Open, assigned and held-by-nobody-else, as the page counts them.</summary>
    private static (string, string, string) Counts(LoadedPage page) =>
        (Text(page, "leaver-open"), Text(page, "leaver-assigned"), Text(page, "leaver-nobody-else"));

    private static string Text(LoadedPage page, string id) => page.Document.GetElementById(id)?.TextContent.Trim() ?? "(missing)";
}
