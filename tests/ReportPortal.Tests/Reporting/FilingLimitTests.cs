using System.Net;
using Microsoft.EntityFrameworkCore;
using ReportPortal.ReporterFace.Reporting;
using ReportPortal.Tests.Infrastructure;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Reporting;

/// <summary>Report flooding: limits per source, overall and through the onion service, with nothing typed lost.</summary>
public sealed class FilingLimitTests
{
    private const string Typed = "A colleague shared a racist meme.\nIt was in the late turn chat.";

    [Fact]
    public async Task One_source_is_paused_after_its_hourly_filings_and_keeps_everything_it_typed()
    {
        await using var app = await ReporterApp.StartAsync(Limits(perSource: 2, allSources: 100));
        var browser = new PageSession(app.CreateClient());
        await FileAsync(browser);
        await FileAsync(browser);

        var form = await browser.GetAsync("/report");
        var paused = await browser.SubmitAsync(form, "report", new ReportFields().Set("what", Typed).All);

        Assert.Equal(HttpStatusCode.TooManyRequests, paused.Status);
        Assert.Equal(FilingLimits.Window, paused.Response.Headers.RetryAfter?.Delta);
        Assert.Contains("Your report has not been sent yet", paused.Text, StringComparison.Ordinal);
        Assert.Contains("from your internet connection", paused.Text, StringComparison.Ordinal);
        Assert.Contains("Nothing you typed has been lost", paused.Text, StringComparison.Ordinal);
        Assert.Contains("in about 60 minutes", paused.Text, StringComparison.Ordinal);
        Assert.Equal(Typed, paused.Document.QuerySelector("input[type='hidden'][name='what']")?.GetAttribute("value"));
        Assert.Equal(2, await app.CaseCountAsync());

        // Trying again too soon is paused again; once the hour has passed the held answers go on to be checked and sent.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await browser.SubmitAsync(paused, "report", [])).Status);
        app.Clock.Advance(FilingLimits.Window);
        var check = await browser.SubmitAsync(paused, "report", []);
        Assert.Equal(HttpStatusCode.OK, check.Status);
        var filed = await ReportJourney.SendAsync(browser, check, ReportJourney.ShownReceipt(check));

        Assert.Equal(HttpStatusCode.OK, filed.Status);
        Assert.Contains("A colleague shared a racist meme.", check.Text, StringComparison.Ordinal);
        Assert.Equal(3, await app.CaseCountAsync());
    }

    [Fact]
    public async Task Forms_sent_back_with_errors_and_added_colleagues_do_not_count()
    {
        await using var app = await ReporterApp.StartAsync(Limits(perSource: 1, allSources: 100));
        var browser = new PageSession(app.CreateClient());
        for (var i = 0; i < 3; i++)
        {
            var form = await browser.GetAsync("/report");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await browser.SubmitAsync(form, "report", new ReportFields().Remove("what").All)).Status);
            Assert.Equal(HttpStatusCode.OK, (await browser.SubmitAsync(form, "report", new ReportFields().Set("command", "add-colleague").All)).Status);
        }

        await FileAsync(browser);
        Assert.Equal(1, await app.CaseCountAsync());
    }

    [Fact]
    public async Task Past_the_surge_mark_reports_are_taken_and_marked_and_only_the_hard_ceiling_pauses()
    {
        var settings = Limits(perSource: 100, allSources: 2);
        settings["ReportPortal:FilingLimits:AllSourcesHardPerHour"] = "3";
        await using var app = await ReporterApp.StartAsync(settings);
        var browser = new PageSession(app.CreateClient());
        await FileAsync(browser);
        app.Clock.Advance(TimeSpan.FromMinutes(20));
        await FileAsync(browser);

        // A genuine reporter in the middle of a flood is not turned away: the report is taken, and marked.
        await FileAsync(browser);
        var surge = await app.WithDatabaseAsync(db => db.Cases.OrderBy(c => c.FiledDuringSurge).Select(c => c.FiledDuringSurge).ToListAsync());
        Assert.Equal([false, false, true], surge);

        var form = await browser.GetAsync("/report");
        var paused = await browser.SubmitAsync(form, "report", new ReportFields().All);

        Assert.Equal(HttpStatusCode.TooManyRequests, paused.Status);
        Assert.Contains("an unusually large number of reports in the last hour", paused.Text, StringComparison.Ordinal);
        Assert.Equal(FilingLimits.Window - TimeSpan.FromMinutes(20), paused.Response.Headers.RetryAfter?.Delta);
        Assert.Equal(3, await app.CaseCountAsync());
    }

    [Fact]
    public async Task The_onion_service_has_its_own_budget_and_a_flood_through_it_does_not_stop_others()
    {
        var onionPort = FreePort.Next();
        var settings = Limits(perSource: 1, allSources: 1);
        settings["ReportPortal:FilingLimits:OnionPerHour"] = "2";
        settings["ReportPortal:FilingLimits:OnionHardPerHour"] = "3";
        settings["ReportPortal:FilingLimits:OnionListenPort"] = onionPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var app = await ReporterApp.StartAsync(settings, kestrel: true, extraPort: onionPort);
        using var onionClient = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{onionPort}/") };
        using var webClient = new HttpClient { BaseAddress = app.BaseAddress };
        var onion = new PageSession(onionClient);
        var web = new PageSession(webClient);

        // Tor users all arrive from the Tor daemon's address, so one source's limit does not apply to them;
        // past the onion surge mark their reports are still taken, and marked.
        await FileAsync(onion);
        await FileAsync(onion);
        await FileAsync(onion);
        var form = await onion.GetAsync("/report");
        var paused = await onion.SubmitAsync(form, "report", new ReportFields().All);
        Assert.Equal(HttpStatusCode.TooManyRequests, paused.Status);
        Assert.Contains("through our Tor onion service", paused.Text, StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDatabaseAsync(db => db.Cases.CountAsync(c => c.FiledDuringSurge)));

        // The onion flood does not count against the open web.
        await FileAsync(web);
        var webForm = await web.GetAsync("/report");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await web.SubmitAsync(webForm, "report", new ReportFields().All)).Status);
        Assert.Equal(4, await app.CaseCountAsync());
    }

    [Fact]
    public async Task The_paused_page_shows_nothing_to_someone_who_opens_it_by_address()
    {
        await using var app = await ReporterApp.StartAsync();
        var page = await new PageSession(app.CreateClient()).GetAsync("/report/paused");

        Assert.Equal("/report", page.Address.AbsolutePath);
    }

    private static Dictionary<string, string?> Limits(int perSource, int allSources) => new()
    {
        ["ReportPortal:FilingLimits:PerSourcePerHour"] = perSource.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ReportPortal:FilingLimits:AllSourcesPerHour"] = allSources.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static async Task FileAsync(PageSession browser) => await ReportJourney.FileAsync(browser, new ReportFields());
}
