using System.Net;
using ReportPortal.Crypto;

namespace ReportPortal.Tests.TestHost;

/// <summary>
/// The two steps of filing a report, as a script-less browser takes them: the form, then the
/// check-your-answers page (where the receipt is shown and its last group typed back), then "Send report".
/// </summary>
public static class ReportJourney
{
    /// <summary>Posts the answers and returns the check-your-answers page with the receipt it showed.</summary>
    public static async Task<(Receipt Receipt, LoadedPage Page)> CheckAsync(PageSession browser, ReportFields fields)
    {
        var form = await browser.GetAsync("/report");
        var check = await browser.SubmitAsync(form, "report", fields.All);
        Assert.Equal(HttpStatusCode.OK, check.Status);
        return (ShownReceipt(check), check);
    }

    /// <summary>"Send report" on a check-your-answers page, confirming the receipt's last group as the page asks.</summary>
    public static Task<LoadedPage> SendAsync(PageSession browser, LoadedPage check, Receipt receipt, string? confirmation = null) =>
        browser.SubmitAsync(check, "report", ("command", "send"), ("receipt-check", confirmation ?? LastGroup(receipt)));

    /// <summary>Both steps; returns the receipt, the "sent" page and the check-your-answers page.</summary>
    public static async Task<(Receipt Receipt, LoadedPage Sent, LoadedPage Check)> FileAsync(PageSession browser, ReportFields fields)
    {
        var (receipt, check) = await CheckAsync(browser, fields);
        var sent = await SendAsync(browser, check, receipt);
        Assert.Equal(HttpStatusCode.OK, sent.Status);
        Assert.Equal(receipt.Display, ShownReceipt(sent).Display);
        return (receipt, sent, check);
    }

    /// <summary>The four characters before the check character, which the page asks the reporter to type back.</summary>
    public static string LastGroup(Receipt receipt) => receipt.Display.Split('-')[5];

    /// <summary>
    /// What a browser would post from the page's report form as it stands: every hidden, text and
    /// textarea value, ticked boxes and chosen options. Buttons are left to the caller.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> CurrentValues(LoadedPage page)
    {
        var form = page.Document.GetElementById("report-form") ?? throw new InvalidOperationException("No report form on the page.");
        var values = new List<KeyValuePair<string, string>>();
        foreach (var element in form.QuerySelectorAll("input, textarea, select"))
        {
            var name = element.GetAttribute("name");
            if (name is null)
            {
                continue;
            }

            switch (element)
            {
                case AngleSharp.Html.Dom.IHtmlTextAreaElement textarea:
                    values.Add(new(name, textarea.Value));
                    break;
                case AngleSharp.Html.Dom.IHtmlSelectElement select:
                    values.Add(new(name, select.QuerySelector("option[selected]")?.GetAttribute("value") ?? string.Empty));
                    break;
                case AngleSharp.Html.Dom.IHtmlInputElement { Type: "radio" or "checkbox" } box:
                    if (box.HasAttribute("checked"))
                    {
                        values.Add(new(name, box.GetAttribute("value") ?? "on"));
                    }

                    break;
                default:
                    values.Add(new(name, element.GetAttribute("value") ?? string.Empty));
                    break;
            }
        }

        return values;
    }

    /// <summary>The answers carried as hidden fields on a check-your-answers page, without the receipt hand-over.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> HiddenAnswers(LoadedPage check) =>
        check.Document.QuerySelectorAll("#report-form input[type='hidden']")
            .Select(input => new KeyValuePair<string, string>(input.GetAttribute("name")!, input.GetAttribute("value") ?? string.Empty))
            .Where(field => field.Key is not ("receipt-token" or "_handler" or "_af"))
            .ToList();

    public static Receipt ShownReceipt(LoadedPage page)
    {
        var shown = page.Document.QuerySelector("#receipt")?.TextContent.Trim();
        Assert.NotNull(shown);
        var parsed = Receipt.Parse(shown);
        Assert.True(parsed.Success, $"The page shows something that is not a receipt: {parsed.Problem}");
        return parsed.Receipt!;
    }
}
