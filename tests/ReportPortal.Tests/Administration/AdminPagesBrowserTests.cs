using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ReportPortal.Tests.Browser;
using Xunit.Abstractions;

namespace ReportPortal.Tests.Administration;

/// <summary>
/// Every administration page in a real Chromium with scripts off, as an administrator sees it: a
/// full-page screenshot at 1280 px for a person to review (bin/screenshots/admin) and an axe WCAG 2.1
/// A/AA audit with no violations, including the pages that show problems and the one-time link.
/// </summary>
public sealed class AdminPagesBrowserTests(ChromiumFixture chromium, ITestOutputHelper output) : AdminBrowserTest(chromium)
{
    [Fact]
    public async Task Every_admin_page_is_photographed_at_1280_px_and_passes_axe()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "bin", "screenshots", "admin");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        var admin = await AddAdminAsync("Ada Lovelace");
        await AddMemberAsync("Hal Handler", ["handler", "custodian"], intake: true);
        await AddMemberAsync("Wendy Welfare", ["welfare-lead"]);

        var (context, page) = await SignedInPageAsync(admin);
        await using var signedIn = context;
        var violations = new List<string>();
        var shots = 0;

        async Task Shoot(string name)
        {
            var path = Path.Combine(folder, $"{++shots:00}-{name}.png");
            var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });
            Assert.True(png.Length > 10_000, $"{path} is suspiciously small.");
            violations.AddRange(await AxeAudit.ViolationsAsync(Chromium, page, name));
            output.WriteLine(Path.GetFullPath(path));
        }

        await Shoot("home");

        await page.GotoAsync("/staff/admin/forces");
        await Shoot("forces");
        await page.GotoAsync("/staff/admin/forces/new");
        await Shoot("new-force");
        await page.FillAsync("#name", "West Mercia Police");
        await page.FillAsync("#code", "West Mercia");
        await page.ClickAsync("text=Add force");
        await Shoot("new-force-with-errors");
        await page.FillAsync("#code", "west-mercia");
        await page.ClickAsync("text=Add force");
        await Shoot("force-created");

        await page.GotoAsync("/staff/admin/forces/demo");
        await page.FillAsync("#cidr", "10.20.0.0/16");
        await page.ClickAsync("text=Add range");
        await page.FillAsync("#cidr", "2001:db8::/32");
        await page.ClickAsync("text=Add range");
        await Shoot("force");
        await page.FillAsync("#acknowledge-within", "five");
        await page.FillAsync("#feedback-escalate", "400");
        await page.ClickAsync("text=Save clocks");
        await Shoot("force-clocks-with-errors");

        await page.GotoAsync("/staff/admin/staff");
        await Shoot("staff");
        await page.GotoAsync("/staff/admin/staff/invite");
        await Shoot("invite");
        await page.FillAsync("#name", "Sam Patel");
        await page.FillAsync("#email", "sam patel");
        await page.CheckAsync("input[name=intake]");
        await page.ClickAsync("text=Create account and link");
        await Shoot("invite-with-errors");
        await page.FillAsync("#email", "sam.patel@force.test");
        await page.SelectOptionAsync("#force", "demo");
        await page.FillAsync("#staff-number", "PC 0789");
        await page.CheckAsync("input[name=roles][value=handler]");
        await page.ClickAsync("text=Create account and link");
        await Shoot("invite-link-shown-once");

        var sam = await App.WithDatabaseAsync(db => db.StaffMembers.Where(m => m.Email == "sam.patel@force.test").Select(m => m.Id).SingleAsync());
        await page.GotoAsync($"/staff/admin/staff/{sam}");
        await Shoot("member-invited");
        await page.GotoAsync($"/staff/admin/staff/{admin.Id}");
        await page.UncheckAsync("input[name=roles][value=administrator]");
        await page.CheckAsync("input[name=roles][value=oversight-analyst]");
        await page.ClickAsync("text=Save roles");
        await Shoot("member-last-administrator");

        await page.GotoAsync("/staff/admin/audit");
        await Shoot("audit-intact");
        await App.WithDatabaseAsync(db => db.Database.ExecuteSqlRawAsync("""UPDATE "AuditEntries" SET "Detail" = 'altered' WHERE "Sequence" = 3"""));
        await page.GotoAsync("/staff/admin/audit");
        await Shoot("audit-broken");

        var now = DateTimeOffset.UtcNow;
        await App.WithDatabaseAsync(async db =>
        {
            db.WorkflowRuns.Add(new Core.Operations.WorkflowRun { Job = "clock-notices", LastStartedAt = now.AddSeconds(-40), LastSucceededAt = now.AddSeconds(-40), Runs = 90 });
            db.WorkflowRuns.Add(new Core.Operations.WorkflowRun
            {
                Job = "staff-email-outbox", LastStartedAt = now.AddSeconds(-40), LastSucceededAt = now.AddHours(-2),
                LastFailedAt = now.AddSeconds(-40), LastFailure = "SocketException", ConsecutiveFailures = 3, Runs = 90,
            });
            var today = Core.Clocks.UkCalendar.Today(TimeProvider.System);
            var waiting = new Core.Cases.Case
            {
                ForceId = await db.Forces.Where(f => f.Code == "demo").Select(f => f.Id).SingleAsync(),
                Reference = "RP-OPS00001", SubmittedOn = today.AddDays(-9), ReceiptLookup = [1], SubmissionTokenHash = [2], SealedAccount = [3],
                // Its acknowledgement is overdue and its welfare clocks run: the page derives them from these dates.
                WelfareNeededSince = today.AddDays(-5),
            };
            db.Cases.Add(waiting);
            await db.SaveChangesAsync();
        });
        await page.GotoAsync("/staff/operations");
        await Shoot("operations");
        await page.GotoAsync("/staff/account");
        await page.CheckAsync("text=At most every 4 hours");
        await page.ClickAsync("text=Save email choice");
        await Shoot("account-email-saved");

        Assert.True(violations.Count == 0, "axe found accessibility problems:\n" + string.Join('\n', violations));
    }
}
