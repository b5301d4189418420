extern alias staff;

using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Tests.Browser;
using ReportPortal.Tests.TestHost;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;
using CaseLabels = staff::ReportPortal.StaffFace.Cases.CaseLabels;

namespace ReportPortal.Tests.Welfare;

/// <summary>
/// The handler's welfare summary on the case page: whether support was asked for, who the welfare lead is,
/// the welfare clocks and the day bad treatment was reported; never the sealed welfare log or thread.
/// </summary>
public sealed class CaseWelfareSummaryTests : StaffAppTest
{
    private const string LoggedContact = "Phoned; they would like a call each week.";
    private const string TreatmentNote = "Moved to nights the week after I reported.";

    [Fact]
    public async Task A_handler_sees_the_welfare_state_of_their_case_and_none_of_what_was_said_to_welfare_support()
    {
        var alice = await App.AddStaffAsync("alice", "4001");
        var wanda = await App.AddStaffAsync("wanda", "5001", intake: false, roles: ["welfare-lead"]);
        var (receipt, _, _) = await FileAsync(new ReportFields().Set("support", "yes"));
        await App.RunIntakeAsync();
        var caseId = await App.WithDatabaseAsync(db => db.Cases.Select(c => c.Id).SingleAsync());
        var handler = await Staff.SignInAsync(alice);
        var filedOn = UkCalendar.Today(App.Clock);

        var page = await handler.GetAsync($"/staff/cases/{caseId}");
        Assert.Equal("The reporter asked for support", Text(page, "#welfare-asked"));
        Assert.Equal("None assigned", Text(page, "#welfare-lead"));
        var assignDue = await App.WithDatabaseAsync(db => db.Deadlines.Where(d => d.Kind == DeadlineKind.WelfareLeadAssignment).Select(d => d.DueOn).SingleAsync());
        Assert.Equal($"Due {CaseLabels.Day(assignDue)}", Text(page, "#welfare-assignment-clock"));
        Assert.Equal("Not reported", Text(page, "#welfare-detriment"));

        // A day later the lead assigns themselves and logs a contact, and the reporter says they are treated badly.
        App.Clock.Advance(TimeSpan.FromDays(1));
        var lead = await Staff.SignInAsync(wanda);
        var welfarePage = await lead.GetAsync($"/staff/welfare/{caseId}");
        Assert.Equal(HttpStatusCode.OK, welfarePage.Status);
        welfarePage = await lead.SubmitAsync(welfarePage, "assign", ("lead", wanda.Id.ToString()));
        await lead.SubmitAsync(welfarePage, "log", ("kind", "contact"), ("text", LoggedContact));
        var inbox = await SignInAsync(receipt.Display);
        await Browser.SubmitAsync(inbox, "treatment", ("treatment-details", TreatmentNote));
        var today = UkCalendar.Today(App.Clock);

        handler = await Staff.SignInAsync(alice);
        page = await handler.GetAsync($"/staff/cases/{caseId}");
        Assert.Equal("wanda", Text(page, "#welfare-lead"));
        Assert.Equal($"Done {CaseLabels.Day(today)}", Text(page, "#welfare-assignment-clock"));
        Assert.Equal($"Done {CaseLabels.Day(today)}", Text(page, "#welfare-contact-clock"));
        Assert.Equal($"Reported, most recently on {CaseLabels.Day(today)}", Text(page, "#welfare-detriment"));
        Assert.NotEqual(filedOn, today);
        Assert.DoesNotContain(LoggedContact, page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Moved to nights", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("call each week", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_case_whose_reporter_asked_for_nothing_says_so_and_has_no_welfare_clocks()
    {
        var alice = await App.AddStaffAsync("alice", "4001");
        await FileAsync(new ReportFields());
        await App.RunIntakeAsync();
        var caseId = await App.WithDatabaseAsync(db => db.Cases.Select(c => c.Id).SingleAsync());

        var page = await (await Staff.SignInAsync(alice)).GetAsync($"/staff/cases/{caseId}");

        Assert.Equal("Not asked for", Text(page, "#welfare-asked"));
        Assert.Equal("None assigned", Text(page, "#welfare-lead"));
        Assert.Null(page.Document.QuerySelector("#welfare-assignment-clock"));
        Assert.Equal("Not reported", Text(page, "#welfare-detriment"));
    }

    private static string Text(LoadedPage page, string selector) =>
        System.Text.RegularExpressions.Regex.Replace(
            page.Document.QuerySelector(selector)?.TextContent ?? throw new Xunit.Sdk.XunitException($"No {selector} on {page.Address}"), @"\s+", " ").Trim();
}

/// <summary>The case page with its welfare summary at 1280 px in Chromium with scripts off, photographed (bin/screenshots/welfare-summary) and audited with axe.</summary>
public sealed class CaseWelfareSummaryBrowserTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task The_handlers_case_page_shows_the_welfare_summary_at_desktop_width()
    {
        var shots = new PageShots(chromium.Browser, "welfare-summary");
        await using var app = await ReporterApp.StartAsync(kestrel: true);
        await using var staff = new StaffApp(app).StartOnKestrel();
        var handler = await app.AddStaffAsync("Hana Handler", "4001");
        var lead = await app.AddStaffAsync("Wanda Welfare", "5001", intake: false, roles: ["welfare-lead"]);
        using var reporterClient = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = app.BaseAddress };
        await ReportJourney.FileAsync(new PageSession(reporterClient), new ReportFields().Set("support", "yes").Set("retaliation", "yes"));
        Assert.Equal(1, await app.RunIntakeAsync());
        var caseId = await app.WithDatabaseAsync(db => db.Cases.Select(c => c.Id).SingleAsync());
        var welfare = await staff.SignInAsync(lead);
        await welfare.SubmitAsync(await welfare.GetAsync($"/staff/welfare/{caseId}"), "assign", ("lead", lead.Id.ToString()));

        await using var tab = await chromium.OpenReporterTabAsync(staff.BaseAddress, ChromiumFixture.Desktop);
        var page = tab.Page;
        page.SetDefaultNavigationTimeout(60_000);
        page.SetDefaultTimeout(30_000);
        await tab.GoToAsync("/staff/sign-in");
        await page.GetByLabel("Email address").FillAsync(handler.Email!);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(StaffFixtures.Password("Hana Handler"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await tab.CheckDocumentAsync();
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(StaffSignIn.Code(StaffFixtures.TotpSecret("Hana Handler"), await StaffSignIn.UnusedStepAsync(staff, handler.Id)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await tab.CheckDocumentAsync();

        await tab.GoToAsync($"/staff/cases/{caseId}");
        await Expect(page.Locator("#welfare-lead")).ToHaveTextAsync("Wanda Welfare");
        await Expect(page.Locator("#welfare-asked")).ToHaveTextAsync("The reporter asked for support; they fear retaliation");
        // The clocks in the summary are the rules' answer (as the inbox and the workflow have it): not yet acknowledged, so due.
        await Expect(page.Locator("#summary")).ToContainTextAsync("Acknowledgement deadline");
        await page.Locator("#summary").ScreenshotAsync(new() { Path = Path.Combine(shots.Folder, "03-case-clocks.png") });
        await page.Locator("#welfare").ScrollIntoViewIfNeededAsync();
        await shots.StopAsync(page, "case-page");
        await page.Locator("#welfare-summary").ScreenshotAsync(new() { Path = Path.Combine(shots.Folder, "02-welfare-section.png") });

        output.WriteLine(string.Join("\n", shots.Shots));
        Assert.Empty(shots.Violations);
    }
}
