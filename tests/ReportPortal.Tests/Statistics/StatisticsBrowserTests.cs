using Microsoft.Playwright;
using ReportPortal.Core.Cases;
using ReportPortal.Tests.Administration;
using ReportPortal.Tests.Browser;
using static ReportPortal.Tests.Statistics.StatisticsSeed;

namespace ReportPortal.Tests.Statistics;

/// <summary>
/// The statistics page in a real Chromium with scripts off, at 1280 px, over a demo-like year of cases and
/// tombstones, for a national analyst (with the force chooser): screenshots for review
/// (bin/screenshots/statistics) and an axe WCAG 2.1 A/AA audit with no violations.
/// </summary>
public sealed class StatisticsBrowserTests(ChromiumFixture chromium) : AdminBrowserTest(chromium)
{
    [Fact]
    public async Task The_statistics_page_is_photographed_and_passes_axe()
    {
        Staff.Clock.Set(StatisticsSeed.Today);
        var demo = await ForceIdAsync("demo");
        await LiveAsync(App, demo, 9, CaseStatus.Received, new(2027, 5, 6));
        await LiveAsync(App, demo, 14, CaseStatus.UnderInvestigation, new(2027, 2, 10), new(2027, 2, 12), feedback: new(2027, 4, 1));
        await LiveAsync(App, demo, 3, CaseStatus.Assessing, new(2027, 1, 5), new(2027, 1, 20));
        await LiveAsync(App, demo, 11, CaseStatus.Closed, new(2026, 11, 3), new(2026, 11, 5), new(2027, 3, 15), CaseOutcome.MisconductMeeting, new(2027, 3, 15));
        await LiveAsync(App, demo, 8, CaseStatus.Closed, new(2026, 12, 1), new(2026, 12, 4), new(2027, 4, 20), CaseOutcome.NoCaseToAnswer, new(2027, 4, 20));
        await TombstonesAsync(App, demo, 12, new(2026, 7, 1), new(2026, 10, 1), CaseOutcome.NoCaseToAnswer, true, true);
        await TombstonesAsync(App, demo, 6, new(2026, 8, 1), new(2026, 12, 1), CaseOutcome.PracticeRequiringImprovement, true, false);
        await TombstonesAsync(App, demo, 2, new(2026, 9, 1), new(2027, 1, 1), CaseOutcome.Withdrawn, false, null);
        var analyst = await AddMemberAsync("Nina National", ["oversight-analyst"], national: true);

        var (context, page) = await SignedInPageAsync(analyst);
        await using var signedIn = context;
        var shots = new PageShots(Chromium, "statistics");
        await page.ClickAsync("text=Oversight statistics");
        await Assertions.Expect(page.Locator("#scope")).ToHaveTextAsync("All forces");
        await shots.StopAsync(page, "all-forces");

        // The chooser works without scripts: a plain GET form.
        await page.SelectOptionAsync("#force", "demo");
        await page.ClickAsync("button[type=submit] >> text=Show");
        await Assertions.Expect(page.Locator("#scope")).ToHaveTextAsync("Demo Constabulary");
        await Assertions.Expect(page.Locator("table#open")).ToContainTextAsync("fewer than 5");
        await shots.StopAsync(page, "one-force");

        Assert.True(shots.Violations.Count == 0, "axe found accessibility problems:\n" + string.Join('\n', shots.Violations));
    }
}
