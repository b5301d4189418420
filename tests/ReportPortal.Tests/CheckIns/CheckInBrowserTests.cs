using System.Net;
using Microsoft.Playwright;
using ReportPortal.Tests.Browser;
using ReportPortal.Tests.TestHost;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ReportPortal.Tests.CheckIns;

/// <summary>
/// A reporter with scripts off answers a check-in in a real browser, by labels and button names, at desktop
/// and phone widths: the check-in in the inbox, the answer form (with a mistake first) and the answer shown
/// back. Every page is photographed (bin/screenshots/check-ins) and audited with axe.
/// </summary>
public sealed class CheckInBrowserTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task A_reporter_reads_a_check_in_in_the_inbox_and_answers_it_without_scripts()
    {
        var shots = new PageShots(chromium.Browser, "check-ins");
        await using var app = await ReporterApp.StartAsync(kestrel: true);
        await app.AddStaffAsync("Hana Handler", "4001");
        await app.AddStaffAsync("Wanda Welfare", "5001", intake: false, roles: ["welfare-lead"]);
        var receipts = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = app.BaseAddress };
            receipts.Add((await ReportJourney.FileAsync(new PageSession(client), new ReportFields())).Receipt.Display);
        }

        await app.RunIntakeAsync();
        app.Clock.Advance(TimeSpan.FromDays(32));
        Assert.Equal(2, await CheckInRun.MakeDueAsync(app.AdminConnectionString, app.Clock));

        foreach (var (viewport, width, receipt) in new[] { (ChromiumFixture.Desktop, "desktop", receipts[0]), (ChromiumFixture.Phone, "phone", receipts[1]) })
        {
            await using var tab = await chromium.OpenReporterTabAsync(app.BaseAddress, viewport);
            var page = tab.Page;
            await tab.OpenInboxAsync(receipt);
            var checkIn = page.Locator(".rp-check-in");
            await Expect(checkIn).ToContainTextAsync("A month since you reported. How are things at work?");
            await page.Locator("#check-ins").ScrollIntoViewIfNeededAsync();
            await shots.StopAsync(page, $"inbox-{width}");

            await checkIn.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Answer this check-in") }).ClickAsync();
            await tab.CheckDocumentAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("A month since you reported");
            await shots.StopAsync(page, $"form-{width}");

            await page.GetByLabel("Anything you want to add (optional)").FillAsync("Moved to nights the week after I reported.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Send my answer" }).ClickAsync();
            await tab.CheckDocumentAsync();
            await Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync("Choose how things are at work");
            await Expect(page.GetByLabel("Anything you want to add (optional)")).ToHaveValueAsync("Moved to nights the week after I reported.");
            await shots.StopAsync(page, $"form-error-{width}");

            await page.GetByLabel("I am being treated badly because I reported").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Send my answer" }).ClickAsync();
            await tab.CheckDocumentAsync();
            await Expect(page.Locator(".govuk-notification-banner")).ToContainTextAsync("Your answer has been sent to welfare support.");
            await Expect(checkIn).ToContainTextAsync("I am being treated badly because I reported");
            await page.Locator("#check-ins").ScrollIntoViewIfNeededAsync();
            await shots.StopAsync(page, $"answered-{width}");
            tab.AssertCleanVisit();
        }

        foreach (var shot in shots.Shots)
        {
            output.WriteLine(shot);
        }

        Assert.True(shots.Violations.Count == 0, string.Join(Environment.NewLine, shots.Violations));
    }
}
