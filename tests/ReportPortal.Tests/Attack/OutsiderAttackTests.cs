using System.Security.Cryptography;
using ReportPortal.Crypto;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Attack;

/// <summary>
/// Findings of the outsider attack on the reporter face (h/attack). Each test states what should hold and
/// fails today; see the attack report for severity and the suggested fix.
/// </summary>
public sealed class OutsiderAttackTests : ReporterAppTest
{
    /// <summary>
    /// Receipt fixation. An attacker takes a receipt hand-over token from their own check page (it is bound to
    /// nothing but the service's key ring), then makes the victim's browser post it cross-site to /report with
    /// no antiforgery token. Form recovery turns that into a "Send again" page with a fresh, valid token; one
    /// click later the victim writes their report under a receipt the attacker already knows, and the attacker
    /// reads it from the inbox.
    /// </summary>
    [Fact]
    public async Task A_cross_site_post_cannot_make_a_victim_file_under_the_attackers_receipt()
    {
        // The attacker's own check page: receipt shown, hand-over token in a hidden field.
        var (attackerReceipt, attackerCheck) = await ReportJourney.CheckAsync(Browser, new ReportFields());
        var token = attackerCheck.Document.QuerySelector("input[name='receipt-token']")!.GetAttribute("value")!;

        // The victim's browser, arriving from the attacker's page with an auto-submitting form (no rp_af cookie, no token).
        var victim = new PageSession(App.CreateClient());
        using (var crossSite = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "report",
            ["receipt-token"] = token,
            ["command"] = "change:force",
        }))
        {
            var held = await victim.Client.PostAsync("/report", crossSite);
            var heldPage = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await held.Content.ReadAsStringAsync());
            var sendAgain = heldPage.QuerySelector("form[action='/report']");
            Assert.NotNull(sendAgain); // the held page offers the attacker's fields back with a valid token
            var loaded = new LoadedPage(held, heldPage, string.Empty, new Uri("/report", UriKind.Relative));

            // The victim clicks "Send again", fills in the form they are shown, and continues.
            var form = await victim.SubmitFormAsync(loaded, sendAgain!);
            var canary = "VictimCanary " + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
            var fields = new ReportFields().Set("what", canary + " shared a racist meme.");
            var check = await victim.SubmitAsync(form, "report", fields.All);
            var shown = ReportJourney.ShownReceipt(check);
            await ReportJourney.SendAsync(victim, check, shown);

            // What must hold: the victim's receipt is one the attacker has never seen.
            Assert.NotEqual(attackerReceipt.Canonical, shown.Canonical);
        }
    }

    /// <summary>
    /// Cross-site reply. The inbox cookie is SameSite=Strict, but form recovery re-issues any cross-site post
    /// to /status/inbox as a same-site "Send again" form with a valid token: one click by a signed-in reporter
    /// puts the attacker's words into their case as the reporter's own message.
    /// </summary>
    [Fact]
    public async Task A_cross_site_post_cannot_put_words_into_a_signed_in_reporters_case()
    {
        var (receipt, _, _) = await FileAsync(new ReportFields());
        await SignInAsync(receipt.Display);

        using var crossSite = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "reply",
            ["reply"] = "I withdraw my report. My name is on my warrant card: ask me in person.",
        });
        var held = await Browser.Client.PostAsync("/status/inbox", crossSite);
        var heldPage = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await held.Content.ReadAsStringAsync());
        var sendAgain = heldPage.QuerySelector("form[action='/status/inbox']");
        Assert.NotNull(sendAgain);
        await Browser.SubmitFormAsync(new LoadedPage(held, heldPage, string.Empty, new Uri("/status/inbox", UriKind.Relative)), sendAgain!);

        var messages = await App.WithDatabaseAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
            db.CaseMessages, m => m.Author == ReportPortal.Core.Cases.MessageAuthor.Reporter));
        Assert.Equal(0, messages);
    }

    /// <summary>
    /// Unthrottled receipt oracle. Form recovery checks every field of a post that fails antiforgery against
    /// every case's receipt lookup, and silently drops a field holding a real receipt. So one unauthenticated
    /// post (no token, no cookie) with many fields tells exactly which candidate is a live receipt, every run
    /// of 24 symbols in a field is a candidate, and the receipt-attempt limiter is never consulted.
    /// </summary>
    [Fact]
    public async Task Form_recovery_is_not_an_unthrottled_oracle_for_which_receipts_exist()
    {
        var (receipt, _, _) = await FileAsync(new ReportFields());

        var answers = new List<bool>();
        for (var round = 0; round < 30; round++)
        {
            var fields = Enumerable.Range(0, 20).Select(i => new KeyValuePair<string, string>($"f{i}", Receipt.Generate().Display)).ToList();
            fields.Add(new("f-real", receipt.Display));
            var stranger = new PageSession(App.CreateClient());
            using var content = new FormUrlEncodedContent(fields);
            var response = await stranger.Client.PostAsync("/status/inbox", content);
            var html = await response.Content.ReadAsStringAsync();
            // A field is echoed back unless it held a live receipt.
            answers.Add(!html.Contains("name=\"f-real\"", StringComparison.Ordinal) && html.Contains("name=\"f0\"", StringComparison.Ordinal));
        }

        // What must hold: a stranger cannot tell a live receipt from a dead one this way (30 x 21 guesses, no wait, no 429).
        Assert.DoesNotContain(true, answers);
    }
}
