using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ReportPortal.Crypto;
using static Microsoft.Playwright.Assertions;

namespace ReportPortal.Tests.Browser;

/// <summary>
/// Walks a script-free tab through every page a reporter can see, in the state worth looking at, and
/// stops at each one so a test can photograph or audit it. Each stop is first confirmed to be the
/// page it claims to be, so a screenshot or an audit is never of the wrong thing.
/// </summary>
public static class ReporterPageTour
{
    private static readonly (string Link, string Title, string Name)[] InformationPages =
    [
        ("Accessibility statement", "Accessibility statement", "accessibility"),
        ("Privacy notice", "Privacy notice", "privacy"),
        ("Cookies", "Cookies", "cookies"),
        ("Contact", "Contact", "contact"),
    ];

    public static async Task WalkAsync(ReporterTab tab, Func<string, Task> atEachPage)
    {
        var page = tab.Page;
        var form = new ReportFormPage(page);
        var heading = page.GetByRole(AriaRole.Heading, new() { Level = 1 });

        await tab.GoToAsync("/");
        await Expect(heading).ToHaveTextAsync("Report offensive messages shared by police colleagues");
        await atEachPage("landing");

        // Reached the way a reader would, from the footer, so a broken footer link fails the tour.
        foreach (var (link, title, name) in InformationPages)
        {
            await page.GetByRole(AriaRole.Contentinfo).GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(tab.Address("/" + name).ToString());
            await tab.CheckDocumentAsync();
            await Expect(heading).ToHaveTextAsync(title);
            await atEachPage(name);
        }

        await tab.GoToAsync("/report");
        await Expect(heading).ToHaveTextAsync("Make a report");
        await atEachPage("report-form");

        await form.Continue.ClickAsync();
        await Expect(form.ErrorSummary).ToBeVisibleAsync();
        await tab.CheckDocumentAsync();
        await Expect(form.ErrorSummary.GetByRole(AriaRole.Link)).ToHaveCountAsync(5);
        await atEachPage("report-form-with-errors");

        await form.FillValidReportAsync();
        await form.Continue.ClickAsync();
        await Expect(heading).ToHaveTextAsync("Check your answers");
        await tab.CheckDocumentAsync();
        var receipt = await form.ShownReceiptAsync();
        await atEachPage("check-answers");

        await form.ReceiptCheck.FillAsync("ZZZZ");
        await form.SendReport.ClickAsync();
        await Expect(form.ErrorSummary).ToBeVisibleAsync();
        await tab.CheckDocumentAsync();
        await atEachPage("check-answers-with-error");

        await form.ConfirmReceiptAsync(receipt);
        await form.SendReport.ClickAsync();
        await Expect(heading).ToHaveTextAsync("Your report has been sent");
        await tab.CheckDocumentAsync();
        Assert.Equal(receipt.Display, (await form.ShownReceiptAsync()).Display);
        await atEachPage("receipt");

        await tab.GoToAsync("/status");
        await Expect(heading).ToHaveTextAsync("Check your report");
        await atEachPage("status");

        var receiptBox = page.GetByLabel("Your receipt");
        var open = page.GetByRole(AriaRole.Button, new() { Name = "Open my inbox" });
        await receiptBox.FillAsync(Receipt.Generate().Display);
        await open.ClickAsync();
        await Expect(page.Locator(".govuk-error-summary")).ToBeVisibleAsync();
        await tab.CheckDocumentAsync();
        await atEachPage("status-with-error");

        await receiptBox.FillAsync(receipt.Display);
        await open.ClickAsync();
        await Expect(page).ToHaveURLAsync(tab.Address("/status/inbox").ToString());
        await tab.CheckDocumentAsync();
        await page.GetByLabel("Send a message").FillAsync(
            "The meme was posted again on Friday night. Two others reacted with laughing faces and nobody challenged it.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send message" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/status/inbox#messages$"));
        await tab.CheckDocumentAsync();
        await Expect(page.Locator(".rp-message")).ToHaveCountAsync(2);
        await atEachPage("inbox");

        // The session ends (its cookie is gone) while a message is being written: it is kept, and sent once the receipt is entered.
        await page.Context.ClearCookiesAsync(new() { Name = "rp_inbox" });
        await page.GetByLabel("Send a message").FillAsync("Written after the session had ended.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send message" }).ClickAsync();
        await Expect(heading).ToHaveTextAsync("Enter your receipt to send your message");
        await tab.CheckDocumentAsync();
        await atEachPage("inbox-session-ended");
        await page.GetByLabel("Your receipt").FillAsync(receipt.Display);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send my message" }).ClickAsync();
        await Expect(page.Locator(".rp-message")).ToHaveCountAsync(3);
        await tab.CheckDocumentAsync();

        // The form's token no longer checks out (its cookie is gone): the message is held and sent again with one button.
        await page.Context.ClearCookiesAsync(new() { Name = "rp_af" });
        await page.GetByLabel("Send a message").FillAsync("Written while the form token went stale.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send message" }).ClickAsync();
        await Expect(heading).ToHaveTextAsync("Your answers have not been sent yet");
        await tab.CheckDocumentAsync();
        await atEachPage("form-not-checked");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send again" }).ClickAsync();
        await Expect(page.Locator(".rp-message")).ToHaveCountAsync(4);
        await tab.CheckDocumentAsync();

        var notFound = await tab.GoToAsync("/staff");
        Assert.Equal(404, notFound.Status);
        await Expect(heading).ToHaveTextAsync("Page not found");
        await atEachPage("not-found");

        tab.AssertCleanVisit();
    }
}
