using Microsoft.EntityFrameworkCore;

namespace ReportPortal.Tests.Administration;

/// <summary>The audit page checks the whole chain and names the first entry where it breaks.</summary>
public sealed class AuditPageTests : AdminTest
{
    [Fact]
    public async Task The_audit_page_shows_an_intact_chain_then_the_first_entry_where_a_tampered_chain_breaks()
    {
        var admin = await AddAdminAsync();
        var browser = await SignInAsync(admin);
        var forcePage = await browser.GetAsync("/staff/admin/forces/demo");
        await browser.SubmitAsync(forcePage, "add-range", ("cidr", "10.20.0.0/16"));
        await browser.SubmitAsync(forcePage, "add-range", ("cidr", "10.30.0.0/16"));
        var count = (await AuditAsync()).Count;
        Assert.True(count >= 3);

        var intact = await browser.GetAsync("/staff/admin/audit");
        Assert.Equal("The audit trail is intact", intact.Document.QuerySelector("#audit-result h2")?.TextContent);
        Assert.Contains($"{count} entries checked", intact.Text, StringComparison.Ordinal);

        // Someone with the database owner's rights rewrites what entry 2 says.
        await App.WithDatabaseAsync(db => db.Database.ExecuteSqlRawAsync("""UPDATE "AuditEntries" SET "Detail" = 'force demo: 192.168.0.0/16' WHERE "Sequence" = 2"""));
        var broken = await browser.GetAsync("/staff/admin/audit");
        Assert.Equal("The audit trail is broken at entry 2", broken.Document.QuerySelector("#audit-result h2")?.TextContent);
        Assert.Equal("Entry 2 was altered: the 1 entry before it is intact.", broken.Document.QuerySelector("#audit-problem")?.TextContent);
        Assert.NotNull(broken.Document.QuerySelector("#broken-entry"));

        // A removed entry is found as well, at the gap.
        await App.WithDatabaseAsync(db => db.Database.ExecuteSqlRawAsync("""DELETE FROM "AuditEntries" WHERE "Sequence" = 1"""));
        var gap = await browser.GetAsync("/staff/admin/audit");
        Assert.Equal("The audit trail is broken at entry 1", gap.Document.QuerySelector("#audit-result h2")?.TextContent);
    }
}
