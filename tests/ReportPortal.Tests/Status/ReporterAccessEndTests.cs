using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Tests.Browser;
using ReportPortal.Tests.CheckIns;
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
        await tab.OpenInboxAsync(receipt);

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
            Assert.Equal(HttpStatusCode.Gone, answer.Status);
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

    [Fact]
    public async Task A_message_or_check_in_answer_kept_across_a_session_end_after_access_ended_is_told_why_it_cannot_go_and_stays_on_the_page()
    {
        var shots = new PageShots(chromium.Browser, "access-ended-kept");
        await using var app = await ReporterApp.StartAsync(new Dictionary<string, string?> { ["ReportPortal:ReceiptAttempts:FailuresBeforeWaitPage"] = "3" }, kestrel: true);
        await app.AddStaffAsync("Hana Handler", "4001");
        var receipt = (await ReportJourney.FileAsync(NewSession(app), new ReportFields())).Receipt.Display;
        await app.RunIntakeAsync();
        app.Clock.Advance(TimeSpan.FromDays(32));
        Assert.Equal(1, await CheckInRun.MakeDueAsync(app.AdminConnectionString, app.Clock));
        var closedOn = UkCalendar.Today(app.Clock);
        await app.WithDatabaseAsync(db => db.Cases.ExecuteUpdateAsync(s => s
            .SetProperty(c => c.Status, CaseStatus.Closed).SetProperty(c => c.Outcome, CaseOutcome.NoCaseToAnswer).SetProperty(c => c.ClosedOn, closedOn)));
        var clocks = await app.WithDatabaseAsync(db => db.Forces.AsNoTracking().Where(f => f.Code == "demo").Select(f => f.Clocks).SingleAsync());
        var lastDay = ClockRules.ReporterAccessEnds(closedOn, clocks);
        var ended = $"that time ran until the end of {lastDay.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"))}";

        // The last evening of access: the reporter opens the inbox and the check-in, and starts writing.
        app.Clock.Set(new DateTimeOffset(lastDay.ToDateTime(new TimeOnly(22, 30)), TimeSpan.Zero));
        await using var tab = await chromium.OpenReporterTabAsync(app.BaseAddress, ChromiumFixture.Desktop);
        var page = tab.Page;
        await tab.OpenInboxAsync(receipt);
        const string Typed = "One more thing: it happened again on Friday.";
        await page.GetByLabel("Send a message").FillAsync(Typed);
        var session = NewSession(app);
        var inboxPage = await session.SubmitAsync(await session.GetAsync("/status"), "status", ("receipt", receipt));
        var checkIn = await session.GetAsync(inboxPage.Document.QuerySelector(".rp-check-in a")!.GetAttribute("href")!);

        // Past midnight the session has ended and so has access: sending asks for the receipt, then says why it cannot go.
        app.Clock.Set(new DateTimeOffset(lastDay.AddDays(1).ToDateTime(new TimeOnly(0, 40)), TimeSpan.Zero));
        await page.GetByRole(AriaRole.Button, new() { Name = "Send message" }).ClickAsync();
        await tab.CheckDocumentAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Enter your receipt to send your message");
        await page.GetByLabel("Your receipt").FillAsync(receipt);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send my message" }).ClickAsync();
        await tab.CheckDocumentAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("This report can no longer be opened");
        var text = await page.Locator("main").InnerTextAsync();
        Assert.Contains(ended, text, StringComparison.Ordinal);
        Assert.Contains("Your message was not sent.", text, StringComparison.Ordinal);
        await Expect(page.Locator(".rp-pending")).ToContainTextAsync(Typed);
        Assert.Equal(0, await page.Locator(".govuk-error-summary").CountAsync());
        await shots.StopAsync(page, "message-kept-after-access-ended-desktop");
        tab.AssertCleanVisit();
        for (var i = 0; i < 4; i++)
        {
            // A right receipt is no guess: trying again is never slowed down as guessing is.
            var again = await session.SubmitAsync(await session.SubmitAsync(inboxPage, "reply", ("reply", Typed)), "resume", ("receipt", receipt));
            Assert.Equal(HttpStatusCode.Gone, again.Status);
            Assert.Contains(Typed, again.Document.QuerySelector(".rp-pending")!.TextContent, StringComparison.Ordinal);
        }

        var answer = await session.SubmitAsync(checkIn, "check-in", ("choice", "treated-badly"), ("details", Typed));
        Assert.Contains("Enter your receipt to send your answer", answer.Text, StringComparison.Ordinal);
        answer = await session.SubmitAsync(answer, "check-in-resume", ("receipt", receipt));
        Assert.Equal(HttpStatusCode.Gone, answer.Status);
        Assert.Contains(ended, answer.Text, StringComparison.Ordinal);
        Assert.Contains("Your answer was not sent.", answer.Text, StringComparison.Ordinal);
        Assert.Contains("I am being treated badly because I reported", answer.Document.QuerySelector(".rp-pending")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(Typed, answer.Document.QuerySelector(".rp-pending")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDatabaseAsync(db => db.CaseMessages.CountAsync()));
        Assert.Null(await app.WithDatabaseAsync(db => db.CheckIns.Select(c => c.AnsweredOn).SingleAsync()));

        // A wrong receipt on the same form is still a guess.
        var wrong = await session.SubmitAsync(await session.SubmitAsync(checkIn, "check-in", ("choice", "all-fine")), "check-in-resume", ("receipt", "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-7"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.Status);
        Assert.DoesNotContain("This report can no longer be opened", wrong.Text, StringComparison.Ordinal);

        foreach (var shot in shots.Shots)
        {
            output.WriteLine(shot);
        }

        Assert.True(shots.Violations.Count == 0, string.Join(Environment.NewLine, shots.Violations));
    }

    private static PageSession NewSession(ReporterApp app) =>
        new(new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = app.BaseAddress });
}
