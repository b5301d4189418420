using Microsoft.Playwright;
using ReportPortal.Tests.Administration;
using ReportPortal.Tests.Browser;
using Xunit.Abstractions;

namespace ReportPortal.Tests.HrEvents;

/// <summary>
/// The HR events API key pages in a real Chromium with scripts off, as a national administrator sees them:
/// screenshots for review (bin/screenshots/hr-api-keys) and an axe WCAG 2.1 A/AA audit with no violations,
/// including the form with errors, the key shown once and a revoked key.
/// </summary>
public sealed class HrApiKeyPagesBrowserTests(ChromiumFixture chromium, ITestOutputHelper output) : AdminBrowserTest(chromium)
{
    [Fact]
    public async Task Every_key_page_is_photographed_and_passes_axe()
    {
        var admin = await AddAdminAsync("Ada Lovelace");
        var (context, page) = await SignedInPageAsync(admin);
        await using var signedIn = context;
        var shots = new PageShots(Chromium, "hr-api-keys");
        Task Shoot(string name) => shots.StopAsync(page, name);

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

        foreach (var shot in shots.Shots)
        {
            output.WriteLine(shot);
        }

        Assert.True(shots.Violations.Count == 0, "axe found accessibility problems:\n" + string.Join('\n', shots.Violations));
    }
}
