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
    /// Receipt fixation. An attacker takes a receipt hand-over token from their own check page, then makes the
    /// victim's browser post it cross-site to /report with no antiforgery token. A browser says so
    /// (Sec-Fetch-Site: cross-site) and sends none of our SameSite=Strict cookies: the post must not be turned
    /// into a same-site "Send again" form, and no hand-over token may ever be carried through a held page.
    /// </summary>
    [Fact]
    public async Task A_cross_site_post_cannot_make_a_victim_file_under_the_attackers_receipt()
    {
        var (attackerReceipt, attackerCheck) = await ReportJourney.CheckAsync(Browser, new ReportFields());
        var token = attackerCheck.Document.QuerySelector("input[name='receipt-token']")!.GetAttribute("value")!;
        var fields = new Dictionary<string, string> { ["_handler"] = "report", ["receipt-token"] = token, ["command"] = "change:force" };

        foreach (var site in new[] { "cross-site", null })
        {
            var victim = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
            using var request = new HttpRequestMessage(HttpMethod.Post, "/report") { Content = new FormUrlEncodedContent(fields) };
            if (site is not null)
            {
                request.Headers.Add("Sec-Fetch-Site", site);
            }

            var response = await victim.SendAsync(request);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
            Assert.DoesNotContain("Send again", html, StringComparison.Ordinal);
            Assert.DoesNotContain(token, html, StringComparison.Ordinal);
        }

        // Even a post from this site whose token went stale never carries the hand-over token on: a new receipt follows.
        var held = await Browser.SubmitAsync(attackerCheck, "report", ("command", "change:force"), ("_af", "stale"));
        Assert.Contains("Send again", held.Text, StringComparison.Ordinal);
        Assert.Null(held.Document.QuerySelector("input[name='receipt-token']"));
        Assert.DoesNotContain(attackerReceipt.Canonical, held.Html.ToUpperInvariant().Replace("-", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
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
