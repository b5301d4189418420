using System.Net;
using ReportPortal.Crypto;
using ReportPortal.ReporterFace.Status;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Status;

/// <summary>
/// Receipt guessing is slowed, never turned into a lock-out: every request here comes from one source,
/// as every Tor user does.
/// </summary>
public sealed class ReceiptGuessingTests : ReporterAppTest
{
    private static readonly ReceiptAttemptOptions Defaults = new();

    [Fact]
    public async Task A_strangers_failures_from_the_same_address_never_stop_a_correct_receipt()
    {
        var (receipt, _, _) = await FileAsync(new ReportFields());
        for (var i = 0; i < Defaults.FailuresBeforeWaitPage + 5; i++)
        {
            await SignInAsync(Receipt.Generate().Display);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(Receipt.Generate().Display)).Status);
        App.Clock.ForgetDelays();

        var status = await Browser.GetAsync("/status");
        Assert.Equal(HttpStatusCode.OK, status.Status);
        var inbox = await Browser.SubmitAsync(status, "status", ("receipt", receipt.Display));

        Assert.Equal("/status/inbox", inbox.Address.AbsolutePath);
        Assert.Contains("Your report", inbox.Text, StringComparison.Ordinal);
        Assert.Empty(App.Clock.Delays);
    }

    [Fact]
    public async Task Failures_from_one_source_wait_longer_each_time_then_are_told_to_wait()
    {
        var answers = new List<LoadedPage>();
        for (var i = 0; i < Defaults.FailuresBeforeWaitPage; i++)
        {
            answers.Add(await SignInAsync(Receipt.Generate().Display));
        }

        Assert.Equal(
            [250, 500, 1000, 2000, 4000, 4000],
            App.Clock.Delays.Take(6).Select(delay => (int)delay.TotalMilliseconds));
        Assert.All(App.Clock.Delays, delay => Assert.True(delay <= Defaults.MaxDelay));
        Assert.All(answers[..^1], page => Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status));
        var told = answers[^1];
        Assert.Equal(HttpStatusCode.TooManyRequests, told.Status);
        Assert.Contains("Please try again later", told.Text, StringComparison.Ordinal);
        Assert.Equal(ReceiptAttemptLimiter.Window, told.Response.Headers.RetryAfter?.Delta);

        // Once the failures are no longer recent, the source starts again from the shortest wait.
        App.Clock.Advance(ReceiptAttemptLimiter.Window);
        App.Clock.ForgetDelays();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await SignInAsync(Receipt.Generate().Display)).Status);
        Assert.Equal([Defaults.FirstDelay], App.Clock.Delays);
    }

    [Fact]
    public async Task A_failed_attempt_is_answered_only_once_its_wait_is_over()
    {
        var status = await Browser.GetAsync("/status");
        App.Clock.HoldDelays = true;

        var answer = Browser.SubmitAsync(status, "status", ("receipt", Receipt.Generate().Display));
        await WaitUntilAsync(() => App.Clock.HeldDelays == 1);
        Assert.False(answer.IsCompleted);
        App.Clock.Advance(Defaults.FirstDelay);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await answer).Status);
    }

    [Fact]
    public async Task The_page_itself_always_opens_and_shows_the_form()
    {
        for (var i = 0; i < Defaults.FailuresBeforeWaitPage; i++)
        {
            await SignInAsync(Receipt.Generate().Display);
        }

        var page = await Browser.GetAsync("/status");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.Document.QuerySelector("input[name='receipt']"));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}

/// <summary>A flood spread over many sources: each source fails once, so only the global budget can slow it.</summary>
public sealed class ReceiptFloodTests
{
    [Fact]
    public async Task Past_the_global_failure_budget_every_failure_waits_the_longest()
    {
        await using var app = await ReporterApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["ReportPortal:TrustedProxies:0"] = "127.0.0.1",
                ["ReportPortal:ReceiptAttempts:GlobalFailuresPerMinute"] = "3",
            },
            kestrel: true);
        var defaults = new ReceiptAttemptOptions();

        for (var source = 1; source <= 5; source++)
        {
            using var client = new HttpClient { BaseAddress = app.BaseAddress };
            client.DefaultRequestHeaders.Add("X-Forwarded-For", $"203.0.113.{source}");
            var browser = new PageSession(client);
            var page = await browser.SubmitAsync(await browser.GetAsync("/status"), "status", ("receipt", Receipt.Generate().Display));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        }

        Assert.Equal(
            [defaults.FirstDelay, defaults.FirstDelay, defaults.FirstDelay, defaults.MaxDelay, defaults.MaxDelay],
            app.Clock.Delays);
    }
}
