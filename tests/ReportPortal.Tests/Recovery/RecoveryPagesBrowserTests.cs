using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Staff;
using ReportPortal.Tests.Browser;
using ReportPortal.Tests.TestHost;
using Xunit.Abstractions;

namespace ReportPortal.Tests.Recovery;

/// <summary>
/// The recovery approval page (as a custodian) and the leaver confirmation (as an administrator) in a real
/// Chromium with scripts off: full-page screenshots at 1280 px for a person to review
/// (bin/screenshots/recovery) and an axe WCAG 2.1 A/AA audit with no violations.
/// </summary>
public sealed class RecoveryPagesBrowserTests(ChromiumFixture chromium, ITestOutputHelper output) : RecoveryTest, IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task The_recovery_approval_and_the_leaver_confirmation_are_photographed_at_1280_px_and_pass_axe()
    {
        Staff.StartOnKestrel();
        var folder = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "bin", "screenshots", "recovery");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        var hana = await App.AddStaffAsync("Hana", "2001", intake: true);
        var onlyHers = await FileConfidentialCaseAsync("A colleague shared a racist meme about a victim in the shift group chat.");
        await App.AddStaffAsync("Henry", "2002", intake: true);
        var shared = await FileConfidentialCaseAsync("Crime scene photos were posted in the group chat last night.");
        await App.WithDatabaseAsync(db => db.Cases.Where(c => c.Id == onlyHers).ExecuteUpdateAsync(u => u.SetProperty(c => c.AssigneeStaffMemberId, hana.Id)));
        var carol = await App.AddStaffAsync("Carol", "2003", intake: false, roles: [Custodian]);
        var colin = await App.AddStaffAsync("Colin", "2004", intake: false, roles: [Custodian]);
        var ada = await App.AddStaffAsync("Ada", "2005", intake: false, roles: ["administrator", "handler"]);
        await GrantFromEscrowAsync(shared, KeyPurpose.CaseContent, ada);
        await StartRecoveryAsync(await Staff.SignInAsync(colin), hana);

        var violations = new List<string>();
        var shots = 0;
        async Task Shoot(IPage page, string name)
        {
            var path = Path.Combine(folder, $"{++shots:00}-{name}.png");
            var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });
            Assert.True(png.Length > 10_000, $"{path} is suspiciously small.");
            violations.AddRange(await AxeAudit.ViolationsAsync(chromium.Browser, page, name));
            output.WriteLine(Path.GetFullPath(path));
        }

        var custodian = await SignedInPageAsync(carol);
        await custodian.GotoAsync("/staff/recovery");
        await Shoot(custodian, "recovery-waiting");
        await custodian.ClickAsync("text=Start the recovery and approve it");
        await Shoot(custodian, "recovery-start-with-errors");
        await custodian.ClickAsync("button[name=request]");
        await Assertions.Expect(custodian.Locator(".rp-request-id")).ToBeVisibleAsync();
        await Shoot(custodian, "recovery-approved");

        var admin = await SignedInPageAsync(ada);
        await admin.GotoAsync($"/staff/admin/staff/{hana.Id}");
        await Shoot(admin, "leaver-before");
        await admin.ClickAsync("text=Deactivate Hana");
        await Assertions.Expect(admin.Locator("#leaver-held-cases a")).ToHaveCountAsync(1);
        await Shoot(admin, "leaver-confirmation");

        Assert.True(violations.Count == 0, "axe found accessibility problems:\n" + string.Join('\n', violations));
    }

    /// <summary>A script-less Chromium page at 1280 px, signed in as <paramref name="member"/> through the real pages.</summary>
    private async Task<IPage> SignedInPageAsync(StaffMember member)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = false,
            ViewportSize = ChromiumFixture.Desktop,
            Locale = "en-GB",
            BaseURL = Staff.BaseAddress.ToString().TrimEnd('/'),
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/staff/sign-in");
        await page.FillAsync("#email", member.Email!);
        await page.FillAsync("#password", StaffFixtures.Password(member.DisplayName));
        await page.ClickAsync("button[type=submit] >> text=Continue");
        var step = await StaffSignIn.UnusedStepAsync(Staff, member.Id);
        await page.FillAsync("#code", StaffSignIn.Code(StaffFixtures.TotpSecret(member.DisplayName), step));
        await page.Locator("main button[type=submit]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/staff$"));
        return page;
    }
}
