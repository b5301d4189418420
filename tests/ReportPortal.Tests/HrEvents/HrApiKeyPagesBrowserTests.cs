using Microsoft.Playwright;
using ReportPortal.Tests.Administration;
using ReportPortal.Tests.Browser;
using ReportPortal.Tests.Infrastructure;
using ReportPortal.Tests.TestHost;
using Xunit.Abstractions;

namespace ReportPortal.Tests.HrEvents;

/// <summary>
/// The HR events API key pages in a real Chromium with scripts off, as a national administrator sees them:
/// screenshots for review (bin/screenshots/hr-api-keys) and an axe WCAG 2.1 A/AA audit with no violations,
/// including the form with errors, the key shown once and a revoked key.
/// </summary>
public sealed class HrApiKeyPagesBrowserTests(ChromiumFixture chromium, ITestOutputHelper output) : AdminTest, IClassFixture<ChromiumFixture>
{
    private int _port;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _port = FreePort.Next();
        Staff.UseKestrel(_port);
        Staff.StartServer();
    }

    [Fact]
    public async Task Every_key_page_is_photographed_and_passes_axe()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "bin", "screenshots", "hr-api-keys");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        var admin = await AddAdminAsync("Ada Lovelace");
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = false,
            ViewportSize = ChromiumFixture.Desktop,
            Locale = "en-GB",
            BaseURL = $"http://127.0.0.1:{_port}",
        });
        var page = await context.NewPageAsync();
        var violations = new List<string>();
        var shots = 0;

        async Task Shoot(string name)
        {
            var path = Path.Combine(folder, $"{++shots:00}-{name}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });
            violations.AddRange(await AxeAudit.ViolationsAsync(chromium.Browser, page, name));
            output.WriteLine(Path.GetFullPath(path));
        }

        await page.GotoAsync("/staff/sign-in");
        await page.FillAsync("#email", admin.Email!);
        await page.FillAsync("#password", StaffFixtures.Password(admin.DisplayName));
        await page.ClickAsync("button[type=submit] >> text=Continue");
        await page.FillAsync("#code", StaffSignIn.Code(TotpSecret(admin), Staff.Clock.GetUtcNow()));
        await page.Locator("main button[type=submit]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/staff$"));

        await page.ClickAsync("text=HR events API keys");
        await Shoot("no-keys");
        await page.ClickAsync("text=Make a key");
        await Shoot("new");
        await page.FillAsync("#name", "   ");
        await page.ClickAsync("button[type=submit] >> text=Make key");
        await Assertions.Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync("Choose what the key may do");
        await Shoot("new-with-errors");
        await page.FillAsync("#name", "Payroll and rostering");
        await page.SelectOptionAsync("#force", "demo");
        await page.CheckAsync("input[name=scopes][value='hr-events:write']");
        await page.ClickAsync("button[type=submit] >> text=Make key");
        await Assertions.Expect(page.Locator("#api-key")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^rphr_"));
        await Shoot("key-shown-once");

        await page.ClickAsync("text=Back to HR events API keys");
        await Shoot("keys");
        await page.ClickAsync("text=Payroll and rostering");
        await Shoot("key");
        await page.ClickAsync("text=Revoke key");
        await Assertions.Expect(page.Locator("#success-message")).ToContainTextAsync("The key was revoked");
        await Shoot("revoked");

        Assert.True(violations.Count == 0, "axe found accessibility problems:\n" + string.Join('\n', violations));
    }
}
