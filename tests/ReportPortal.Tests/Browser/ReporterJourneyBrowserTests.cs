using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ReportPortal.Core.Cases;
using ReportPortal.Crypto;
using ReportPortal.Tests.TestHost;
using static Microsoft.Playwright.Assertions;

namespace ReportPortal.Tests.Browser;

/// <summary>
/// The reporter's whole journey in a real browser with scripts disabled, by clicking and typing only:
/// if any step secretly depended on JavaScript, or a label, link or button stopped being what a person
/// would look for, these fail.
/// </summary>
public sealed class ReporterJourneyBrowserTests(ChromiumFixture chromium, ReporterSiteFixture site)
    : IClassFixture<ChromiumFixture>, IClassFixture<ReporterSiteFixture>
{
    private const string Reply = "The meme was posted again on Friday night, after the briefing.";

    private ReporterApp App => site.App;

    [Fact]
    public async Task Without_scripts_a_reporter_files_a_report_reads_the_acknowledgement_replies_and_signs_out()
    {
        await using var tab = await chromium.OpenReporterTabAsync(App.BaseAddress, ChromiumFixture.Desktop);
        var page = tab.Page;
        var form = new ReportFormPage(page);
        var casesBefore = await App.CaseCountAsync();

        await tab.GoToAsync("/");
        await Expect(Heading(page)).ToHaveTextAsync("Report offensive messages shared by police colleagues");
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Make a report" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(tab.Address("/report").ToString());
        await tab.CheckDocumentAsync();
        await Expect(Heading(page)).ToHaveTextAsync("Make a report");
        await Expect(form.ErrorSummary).ToHaveCountAsync(0);

        // First try with the one required answer missing.
        await form.FillAllButDescriptionAsync();
        await form.Continue.ClickAsync();
        await Expect(form.ErrorSummary).ToBeVisibleAsync();
        await tab.CheckDocumentAsync();
        await Expect(page).ToHaveTitleAsync(new Regex("^Error: Make a report"));
        await Expect(form.ErrorSummary.GetByRole(AriaRole.Heading)).ToHaveTextAsync("There is a problem");
        await Expect(form.ErrorSummary).ToBeFocusedAsync();
        var summaryLink = form.ErrorSummary.GetByRole(AriaRole.Link);
        await Expect(summaryLink).ToHaveTextAsync(["Tell us what was posted or shared"]);
        await Expect(summaryLink).ToHaveAttributeAsync("href", "#what");
        await Expect(form.WhatHappened).ToHaveClassAsync(new Regex(@"\bgovuk-textarea--error\b"));
        await Expect(form.WhatHappened).ToHaveAccessibleDescriptionAsync(new Regex(@"Error:\s+Tell us what was posted or shared\s+You can write up to 10,000 characters\.$"));
        await Expect(page.Locator(".govuk-form-group--error")).ToHaveCountAsync(1);
        await Expect(page.Locator(".govuk-form-group--error")).ToContainTextAsync("What happened?");

        // Everything already typed survives the round trip.
        await Expect(form.Force).ToHaveValueAsync("demo");
        await Expect(form.Category("Racist content")).ToBeCheckedAsync();
        await Expect(form.Category("Something else")).Not.ToBeCheckedAsync();
        await Expect(form.Platform).ToHaveValueAsync("WhatsApp");
        await Expect(form.GroupName).ToHaveValueAsync("Late Turn Lads");
        await Expect(form.When).ToHaveValueAsync("Early March 2026");
        await Expect(form.ColleagueName(1)).ToHaveValueAsync("PC Example Person");
        await Expect(form.ColleagueStaffNumber(1)).ToHaveValueAsync("1234");
        await Expect(form.ColleagueRank(1)).ToHaveValueAsync("Constable");
        await Expect(form.Identity("Anonymously")).ToBeCheckedAsync();
        await Expect(form.Support("No")).ToBeCheckedAsync();
        await Expect(form.Retaliation("Yes")).ToBeCheckedAsync();
        await Expect(form.WhatHappened).ToHaveValueAsync(string.Empty);
        Assert.Equal(casesBefore, await App.CaseCountAsync());

        // Without GOV.UK's script the summary link is a plain fragment link: it must land on the field.
        await summaryLink.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/report#what$"));
        await Expect(page.Locator(":target")).ToHaveAttributeAsync("name", "what");
        await Expect(form.WhatHappened).ToBeInViewportAsync();

        await form.WhatHappened.FillAsync(ReportFormPage.Description);
        await form.Continue.ClickAsync();
        await Expect(Heading(page)).ToHaveTextAsync("Check your answers");
        await tab.CheckDocumentAsync();
        await Expect(page).ToHaveTitleAsync(new Regex("^Check your answers"));
        var receipt = await form.ShownReceiptAsync();
        Assert.Equal(casesBefore, await App.CaseCountAsync());

        // Enter in the confirmation field sends the report: the page's first submit button is "Send report".
        await form.ConfirmReceiptAsync(receipt);
        await form.ReceiptCheck.PressAsync("Enter");
        await Expect(Heading(page)).ToHaveTextAsync("Your report has been sent");
        await tab.CheckDocumentAsync();
        await Expect(page).ToHaveTitleAsync(new Regex("^Your report has been sent"));
        Assert.Equal(receipt.Display, (await form.ShownReceiptAsync()).Display);

        var filed = await FiledCase.OpenAsync(App, receipt);
        Assert.Equal(ReportCategories.Racist, filed.Case.Categories);
        Assert.Equal(IdentityMode.Anonymous, filed.Case.IdentityMode);
        Assert.False(filed.Case.SupportRequested);
        Assert.True(filed.Case.FearsRetaliation);
        Assert.Null(filed.Case.SealedReporterIdentity);
        Assert.Equal(new ReportAccount("WhatsApp", "Late Turn Lads", "Early March 2026", ReportFormPage.Description, null), filed.Account);
        Assert.Equal([new SubjectDetails("PC Example Person", "1234", null, null, "Constable")], filed.Subjects);

        await page.GetByRole(AriaRole.Link, new() { Name = "Go to your inbox" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(tab.Address("/status").ToString());
        await tab.CheckDocumentAsync();

        // People copy receipts down by hand: lower case and spaces for dashes must still open the inbox.
        await page.GetByLabel("Your receipt").PressSequentiallyAsync(receipt.Display.ToLowerInvariant().Replace('-', ' '));
        await page.GetByRole(AriaRole.Button, new() { Name = "Open my inbox" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(tab.Address("/status/inbox").ToString());
        await tab.CheckDocumentAsync();
        await Expect(Heading(page)).ToHaveTextAsync("Your report");
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("Report to Demo Constabulary");
        var today = Core.Clocks.UkCalendar.Today(App.Clock).ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"));
        var timeline = page.Locator(".rp-timeline > li");
        await Expect(timeline).ToHaveCountAsync(1);
        await Expect(timeline).ToContainTextAsync(today);
        await Expect(timeline).ToContainTextAsync("Your report was received");
        var acknowledgement = page.Locator(".rp-message--system");
        await Expect(acknowledgement).ToHaveCountAsync(1);
        await Expect(acknowledgement).ToContainTextAsync("Thank you for speaking up. Your report has reached Demo Constabulary");
        await Expect(acknowledgement).ToContainTextAsync(today);
        AssertReceiptAbsent(await page.ContentAsync(), receipt);

        await page.GetByLabel("Send a message").FillAsync(Reply);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send message" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/status/inbox#messages$"));
        await tab.CheckDocumentAsync();
        await Expect(page.Locator(".govuk-notification-banner--success")).ToContainTextAsync("Your message has been sent.");
        var mine = page.Locator(".rp-message--reporter");
        await Expect(mine).ToHaveCountAsync(1);
        await Expect(mine.Locator(".rp-message__body")).ToHaveTextAsync(Reply);
        await Expect(mine.Locator(".rp-message__meta")).ToContainTextAsync("You");
        await Expect(page.GetByLabel("Send a message")).ToHaveValueAsync(string.Empty);
        AssertReceiptAbsent(await page.ContentAsync(), receipt);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Menu" }).GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(tab.Address("/status").ToString());
        await tab.CheckDocumentAsync();
        var banner = page.GetByRole(AriaRole.Region, new() { Name = "Signed out" });
        await Expect(banner).ToContainTextAsync("You have signed out of your inbox.");
        await Expect(Heading(page)).ToHaveTextAsync("Check your report");

        // The back button or a bookmark must not reopen the inbox once signed out.
        await tab.GoToAsync("/status/inbox");
        await Expect(page).ToHaveURLAsync(tab.Address("/status").ToString());
        await Expect(page.Locator(".rp-message")).ToHaveCountAsync(0);

        tab.AssertCleanVisit();
    }

    [Fact]
    public async Task Without_scripts_add_another_colleague_shows_a_second_colleague_and_keeps_what_was_typed()
    {
        await using var tab = await chromium.OpenReporterTabAsync(App.BaseAddress, ChromiumFixture.Phone);
        var page = tab.Page;
        var form = new ReportFormPage(page);
        var casesBefore = await App.CaseCountAsync();
        await tab.GoToAsync("/report");
        await Expect(form.Colleague(1)).ToHaveCountAsync(1);
        await Expect(form.Colleague(2)).ToHaveCountAsync(0);

        await form.FillValidReportAsync();
        await form.AddAnotherColleague.ClickAsync();
        await Expect(form.Colleague(2)).ToBeVisibleAsync();
        await tab.CheckDocumentAsync();

        // Adding a colleague is not sending: no errors, nothing filed, and the page lands on the new fieldset.
        await Expect(page).ToHaveURLAsync(new Regex("/report#colleague-2$"));
        await Expect(form.ColleagueName(2)).ToBeInViewportAsync();
        await Expect(form.ErrorSummary).ToHaveCountAsync(0);
        await Expect(form.ColleagueName(2)).ToHaveValueAsync(string.Empty);
        await Expect(form.ColleagueName(1)).ToHaveValueAsync("PC Example Person");
        await Expect(form.ColleagueStaffNumber(1)).ToHaveValueAsync("1234");
        await Expect(form.Platform).ToHaveValueAsync("WhatsApp");
        await Expect(form.WhatHappened).ToHaveValueAsync(ReportFormPage.Description);
        await Expect(form.Category("Racist content")).ToBeCheckedAsync();
        await Expect(form.Identity("Anonymously")).ToBeCheckedAsync();
        await Expect(form.Retaliation("Yes")).ToBeCheckedAsync();
        Assert.Equal(casesBefore, await App.CaseCountAsync());

        await form.ColleagueName(2).FillAsync("DC Second Person");
        await form.ColleagueRank(2).FillAsync("Detective Constable");
        await form.AddAnotherColleague.ClickAsync();
        await Expect(form.Colleague(3)).ToBeVisibleAsync();
        await tab.CheckDocumentAsync();
        await Expect(form.ColleagueName(2)).ToHaveValueAsync("DC Second Person");
        await Expect(form.ColleagueRank(2)).ToHaveValueAsync("Detective Constable");

        await form.Continue.ClickAsync();
        await Expect(Heading(page)).ToHaveTextAsync("Check your answers");
        await tab.CheckDocumentAsync();
        var receipt = await form.ShownReceiptAsync();
        await form.ConfirmReceiptAsync(receipt);
        await form.SendReport.ClickAsync();
        await Expect(Heading(page)).ToHaveTextAsync("Your report has been sent");
        await tab.CheckDocumentAsync();

        // The empty third colleague is dropped; the two described ones arrive as typed.
        var filed = await FiledCase.OpenAsync(App, receipt);
        Assert.Equal(
            [
                new SubjectDetails("DC Second Person", null, null, null, "Detective Constable"),
                new SubjectDetails("PC Example Person", "1234", null, null, "Constable"),
            ],
            filed.Subjects.OrderBy(s => s.Name, StringComparer.Ordinal));

        tab.AssertCleanVisit();
    }

    [Fact]
    public async Task Without_scripts_enter_in_a_text_field_continues_to_check_answers_and_never_adds_a_colleague()
    {
        await using var tab = await chromium.OpenReporterTabAsync(App.BaseAddress, ChromiumFixture.Desktop);
        var page = tab.Page;
        var form = new ReportFormPage(page);
        await tab.GoToAsync("/report");
        await form.FillValidReportAsync();

        await form.ColleagueRank(1).PressAsync("Enter");

        await Expect(Heading(page)).ToHaveTextAsync("Check your answers");
        await tab.CheckDocumentAsync();
        await Expect(form.Colleague(2)).ToHaveCountAsync(0);
        tab.AssertCleanVisit();
    }

    [Fact]
    public async Task Without_scripts_a_change_link_returns_to_its_field_focused_and_the_receipt_stays_the_same()
    {
        await using var tab = await chromium.OpenReporterTabAsync(App.BaseAddress, ChromiumFixture.Phone);
        var page = tab.Page;
        var form = new ReportFormPage(page);
        var casesBefore = await App.CaseCountAsync();
        await tab.GoToAsync("/report");
        await form.FillValidReportAsync();
        await form.WhatHappened.FillAsync("First line.\nSecond line, with <b>markup</b>.");
        await form.Continue.ClickAsync();
        await Expect(Heading(page)).ToHaveTextAsync("Check your answers");
        await tab.CheckDocumentAsync();
        var receipt = await form.ShownReceiptAsync();

        await form.Change("what happened").ClickAsync();
        await tab.CheckDocumentAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/report#what$"));
        await Expect(form.WhatHappened).ToBeFocusedAsync();
        await Expect(form.WhatHappened).ToHaveValueAsync("First line.\nSecond line, with <b>markup</b>.");
        await Expect(form.ColleagueName(1)).ToHaveValueAsync("PC Example Person");
        await Expect(form.Identity("Anonymously")).ToBeCheckedAsync();

        await form.WhatHappened.PressAsync("Control+End");
        await form.WhatHappened.PressSequentiallyAsync(" Added later.");
        await form.Continue.ClickAsync();
        await Expect(Heading(page)).ToHaveTextAsync("Check your answers");
        await tab.CheckDocumentAsync();
        Assert.Equal(receipt.Display, (await form.ShownReceiptAsync()).Display);
        await Expect(page.Locator(".govuk-summary-list__value", new() { HasText = "Added later." })).ToHaveCountAsync(1);
        Assert.Equal(casesBefore, await App.CaseCountAsync());

        await form.ConfirmReceiptAsync(receipt);
        await form.SendReport.ClickAsync();
        await Expect(Heading(page)).ToHaveTextAsync("Your report has been sent");
        await tab.CheckDocumentAsync();
        var filed = await FiledCase.OpenAsync(App, receipt);
        Assert.Equal("First line.\nSecond line, with <b>markup</b>. Added later.", filed.Account.WhatHappened);
        tab.AssertCleanVisit();
    }

    private static ILocator Heading(IPage page) => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    private static void AssertReceiptAbsent(string html, Receipt receipt)
    {
        var squashed = html.ToUpperInvariant().Replace("-", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain(receipt.Canonical[..20], squashed, StringComparison.Ordinal);
    }
}

/// <summary>A filed case opened with the reporter's own receipt, as the reporter's inbox opens it.</summary>
internal sealed record FiledCase(Case Case, ReportAccount Account, IReadOnlyList<SubjectDetails> Subjects)
{
    public static async Task<FiledCase> OpenAsync(ReporterApp app, Receipt receipt)
    {
        var lookup = receipt.LookupHash(app.Secrets.ReceiptLookupKey);
        var @case = await app.WithDatabaseAsync(db => db.Cases.AsNoTracking().Include(c => c.Subjects).Include(c => c.Grants)
            .SingleAsync(c => c.ReceiptLookup == lookup));
        var caseKey = CaseGrants.OpenReporterGrant(@case.Grants.Single(g => g.Holder == KeyHolder.Reporter && g.Purpose == KeyPurpose.CaseContent), receipt.DeriveReporterKey(), app.Retention);
        var account = SealedFields.OpenRecord<ReportAccount>(caseKey, @case.SealedAccount, new SealContext(@case.Id, @case.Id, SealedFields.Account));
        var subjects = @case.Subjects
            .Select(s => SealedFields.OpenRecord<SubjectDetails>(caseKey, s.SealedDetails, new SealContext(@case.Id, s.Id, SealedFields.SubjectDetails)))
            .ToList();
        return new FiledCase(@case, account, subjects);
    }
}
