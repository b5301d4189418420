using System.Net;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Cases;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Status;

/// <summary>Replies are never lost: not to a race, not to an expired session.</summary>
public sealed class InboxReplyTests : ReporterAppTest
{
    [Fact]
    public async Task Concurrent_replies_to_one_case_all_land_in_order_without_a_constraint_violation()
    {
        var (receipt, _, _) = await FileAsync(new ReportFields());
        var inbox = await SignInAsync(receipt.Display);

        var replies = await Task.WhenAll(Enumerable.Range(1, 12)
            .Select(i => Browser.SubmitAsync(inbox, "reply", ("reply", $"Reply number {i}"))));

        Assert.True(replies.All(r => r.Status == HttpStatusCode.OK), App.Logs.Text);
        var sequences = await App.WithDatabaseAsync(db => db.CaseMessages.Where(m => m.Author == MessageAuthor.Reporter).Select(m => m.Sequence).ToListAsync());
        Assert.Equal(12, sequences.Count);
        Assert.Equal(Enumerable.Range(2, 12), sequences.Order());
        Assert.DoesNotContain("23505", App.Logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("duplicate key", App.Logs.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_posted_after_the_session_expired_is_kept_and_sent_once_the_receipt_is_entered()
    {
        var (receipt, _, _) = await FileAsync(new ReportFields());
        var inbox = await SignInAsync(receipt.Display);
        const string Typed = "I typed this for half an hour.\nIt has two lines and a <tag>.";
        App.Clock.Advance(TimeSpan.FromMinutes(45));

        var expired = await Browser.SubmitAsync(inbox, "reply", ("reply", Typed));

        Assert.Equal(HttpStatusCode.OK, expired.Status);
        Assert.Contains("Enter your receipt to send your message", expired.Text, StringComparison.Ordinal);
        Assert.Equal(Typed, expired.Document.QuerySelector("input[name='pending']")!.GetAttribute("value"));
        Assert.Equal(1, await App.WithDatabaseAsync(db => db.CaseMessages.CountAsync()));

        var wrong = await Browser.SubmitAsync(expired, "resume", ("receipt", "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-A"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.Status);
        Assert.Equal(Typed, wrong.Document.QuerySelector("input[name='pending']")!.GetAttribute("value"));

        var sent = await Browser.SubmitAsync(wrong, "resume", ("receipt", receipt.Display));

        Assert.Equal("/status/inbox", sent.Address.AbsolutePath);
        Assert.Contains("Your message has been sent.", sent.Text, StringComparison.Ordinal);
        Assert.Equal(Typed, sent.Document.QuerySelectorAll(".rp-message--reporter .rp-message__body").Single().TextContent);

        // The banner came from that post: loading the inbox again shows no stale "sent".
        var again = await Browser.GetAsync("/status/inbox");
        Assert.DoesNotContain("Your message has been sent.", again.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_posted_after_expiry_that_contains_a_receipt_is_never_put_back_into_the_page()
    {
        var (receipt, _, _) = await FileAsync(new ReportFields());
        var inbox = await SignInAsync(receipt.Display);
        App.Clock.Advance(TimeSpan.FromMinutes(45));

        var expired = await Browser.SubmitAsync(inbox, "reply", ("reply", "my receipt is " + receipt.Display));

        Assert.Contains("contained your receipt", expired.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(receipt.Canonical[..24], expired.Html.ToUpperInvariant().Replace("-", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asking_for_support_and_reporting_bad_treatment_record_a_flag_and_a_message()
    {
        var (receipt, _, _) = await FileAsync(new ReportFields());
        var inbox = await SignInAsync(receipt.Display);

        var support = await Browser.SubmitAsync(inbox, "support", ("support-details", "Someone to talk to"));
        Assert.Contains("We have told welfare support that you would like support.", support.Text, StringComparison.Ordinal);
        var treated = await Browser.SubmitAsync(support, "treatment", ("treatment-details", "Moved to nights the week after"));
        Assert.Contains("treated badly because you reported", treated.Text, StringComparison.Ordinal);

        var @case = await App.WithDatabaseAsync(db => db.Cases.AsNoTracking().SingleAsync());
        Assert.True(@case.SupportRequested);
        Assert.Equal(Core.Clocks.UkCalendar.Today(App.Clock), @case.DetrimentReportedOn);
        var bodies = treated.Document.QuerySelectorAll(".rp-message--reporter .rp-message__body").Select(b => b.TextContent).ToList();
        Assert.Contains(bodies, b => b.StartsWith("I would like support.", StringComparison.Ordinal) && b.Contains("Someone to talk to", StringComparison.Ordinal));
        Assert.Contains(bodies, b => b.StartsWith("I am being treated badly because I reported.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_inbox_shows_what_the_reporter_told_us_and_when_the_session_will_end()
    {
        var (receipt, _, _) = await FileAsync(new ReportFields());

        var inbox = await SignInAsync(receipt.Display);

        var told = inbox.Document.QuerySelector("#what-you-told-us")!.TextContent;
        Assert.Contains("Late Turn Lads", told, StringComparison.Ordinal);
        Assert.Contains("A colleague shared a racist meme", told, StringComparison.Ordinal);
        Assert.Contains("Stay signed in", inbox.Text, StringComparison.Ordinal);
        // Thirty minutes on, rounded up to the whole minute (the session row keeps nothing finer).
        var exact = App.Clock.GetUtcNow() + TimeSpan.FromMinutes(30);
        var rounded = exact.AddTicks(-(exact.Ticks % TimeSpan.TicksPerMinute));
        var ends = TimeZoneInfo.ConvertTime(rounded == exact ? rounded : rounded.AddMinutes(1), Core.Clocks.UkCalendar.TimeZone);
        Assert.Contains(ends.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), inbox.Document.QuerySelector("#session-end")!.TextContent, StringComparison.Ordinal);
    }
}
