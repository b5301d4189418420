using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Tests.Browser;
using ReportPortal.Tests.TestHost;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ReportPortal.Tests.Status;

/// <summary>
/// A closed case opens for its reporter until the force's ReporterAccessEndsMonthsAfterClosure has passed, and
/// not a day longer; after it the reporter is told plainly that their receipt is right and the inbox has ended,
/// not sent back to check a receipt that is right. Photographed at 1280 px (bin/screenshots/access-ended).
/// </summary>
public sealed class ReporterAccessEndTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task A_closed_case_opens_to_the_last_day_of_access_and_the_day_after_the_reporter_is_told_kindly_that_it_has_ended()
    {
        var shots = new PageShots(chromium.Browser, "access-ended");
        // Three failures from one source would bring the "too many wrong receipts" page.
        await using var app = await ReporterApp.StartAsync(new Dictionary<string, string?> { ["ReportPortal:ReceiptAttempts:FailuresBeforeWaitPage"] = "3" }, kestrel: true);
        var receipt = (await ReportJourney.FileAsync(NewSession(app), new ReportFields())).Receipt.Display;
        var closedOn = UkCalendar.Today(app.Clock);
        await app.WithDatabaseAsync(db => db.Cases.ExecuteUpdateAsync(s => s
            .SetProperty(c => c.Status, CaseStatus.Closed).SetProperty(c => c.Outcome, CaseOutcome.NoCaseToAnswer).SetProperty(c => c.ClosedOn, closedOn)));
        var clocks = await app.WithDatabaseAsync(db => db.Forces.AsNoTracking().Where(f => f.Code == "demo").Select(f => f.Clocks).SingleAsync());
        var lastDay = ClockRules.ReporterAccessEnds(closedOn, clocks);
        Assert.Equal(closedOn.AddMonths(12), lastDay);

        // The last day: the inbox still opens (late in the UK evening, so the day is the UK's, not UTC's).
        app.Clock.Set(new DateTimeOffset(lastDay.ToDateTime(new TimeOnly(22, 30)), TimeSpan.Zero));
        var browser = NewSession(app);
        var inbox = await browser.SubmitAsync(await browser.GetAsync("/status"), "status", ("receipt", receipt));
        Assert.Equal("/status/inbox", inbox.Address.AbsolutePath);
        Assert.Contains("Demo Constabulary", inbox.Text, StringComparison.Ordinal);

        // The next UK day: the receipt is refused, with a page that says why.
        app.Clock.Set(new DateTimeOffset(lastDay.AddDays(1).ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero));
        await using var tab = await chromium.OpenReporterTabAsync(app.BaseAddress, ChromiumFixture.Desktop);
        var page = tab.Page;
        await tab.GoToAsync("/status");
        await page.GetByLabel("Your receipt").FillAsync(receipt);
        await page.GetByRole(AriaRole.Button, new() { Name = "Open my inbox" }).ClickAsync();
        await tab.CheckDocumentAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("This report can no longer be opened");
        var text = await page.Locator("main").InnerTextAsync();
        Assert.Contains("Your receipt is right.", text, StringComparison.Ordinal);
        Assert.Contains($"that time ran until the end of {lastDay.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"))}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Check it against your note", text, StringComparison.Ordinal);
        Assert.DoesNotContain("We could not open a report with that receipt", text, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("input[name='receipt']").CountAsync());
        await shots.StopAsync(page, "access-ended-desktop");
        tab.AssertCleanVisit();

        // A right receipt here is not a guess: asking again and again is never slowed down as guessing is.
        for (var i = 0; i < 5; i++)
        {
            var again = NewSession(app);
            var answer = await again.SubmitAsync(await again.GetAsync("/status"), "status", ("receipt", receipt));
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.Contains("This report can no longer be opened", answer.Text, StringComparison.Ordinal);
        }

        // A wrong receipt is still answered as before.
        var wrong = NewSession(app);
        var refused = await wrong.SubmitAsync(await wrong.GetAsync("/status"), "status", ("receipt", "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-7"));
        Assert.DoesNotContain("This report can no longer be opened", refused.Text, StringComparison.Ordinal);

        foreach (var shot in shots.Shots)
        {
            output.WriteLine(shot);
        }

        Assert.True(shots.Violations.Count == 0, string.Join(Environment.NewLine, shots.Violations));
    }

    private static PageSession NewSession(ReporterApp app) =>
        new(new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = app.BaseAddress });
}
