using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Staff;
using ReportPortal.Tests.Browser;
using ReportPortal.Tests.TestHost;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ReportPortal.Tests.Disclosure;

/// <summary>
/// A disclosure in real Chromium, by labels and button names: a handler asks to see who reported with reasons,
/// a different custodian approves, the reporter (receipt only, no scripts) reads the notice with the reasons and
/// the release day, and the handler sees the identity only once the injected clock has passed that day. Every
/// staff page and the reporter's notice are photographed at 1280 px (bin/screenshots/disclosure) and audited with axe.
/// </summary>
public sealed class DisclosureBrowserTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private const string ReporterName = "Sergeant Brave Reporter";
    private const string Reasons = "We need a witness statement from you about the group chat, and the officer named says they were never in it.";
    private const string CustodianReasons = "A statement is needed and there is no other way to get it.";

    [Fact]
    public async Task A_handler_asks_a_custodian_approves_the_reporter_is_told_and_the_identity_is_released_after_the_notice_days()
    {
        var shots = new PageShots(chromium.Browser, "disclosure");
        await using var app = await ReporterApp.StartAsync(kestrel: true);
        await using var staff = new StaffApp(app).StartOnKestrel();
        var handler = await app.AddStaffAsync("Hana Handler", "4001");
        var custodian = await app.AddStaffAsync("Carl Custodian", "4003", intake: false, roles: ["custodian"]);
        using var reporterClient = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = app.BaseAddress };
        var (receipt, _, _) = await ReportJourney.FileAsync(new PageSession(reporterClient), new ReportFields()
            .Set("identity", "confidential").Set("reporter-name", ReporterName).Set("reporter-staff-number", "CS 4471"));
        Assert.Equal(1, await app.RunIntakeAsync());
        var caseId = await app.WithDatabaseAsync(db => db.Cases.Select(c => c.Id).SingleAsync());
        var releaseDay = Day(UkCalendar.Today(app.Clock).AddDays(7));

        // The handler asks, from the case page.
        await using var handlerTab = await OpenStaffTabAsync(staff.BaseAddress);
        var page = handlerTab.Page;
        var heading = page.GetByRole(AriaRole.Heading, new() { Level = 1 });
        await SignInAsync(handlerTab, staff, handler);
        await handlerTab.GoToAsync($"/staff/cases/{caseId}");
        await Expect(page.GetByRole(AriaRole.Main)).Not.ToContainTextAsync(ReporterName);
        await page.GetByRole(AriaRole.Link, new() { Name = "Ask to see who reported" }).ClickAsync();
        await handlerTab.CheckDocumentAsync();
        await Expect(heading).ToHaveTextAsync("Ask to see who reported");
        await shots.StopAsync(page, "ask");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the request to a custodian" }).ClickAsync();
        await handlerTab.CheckDocumentAsync();
        await Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync("Write your reasons");
        await shots.StopAsync(page, "ask-refused");
        await page.GetByLabel("Why do you need to know who reported?").FillAsync(Reasons);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the request to a custodian" }).ClickAsync();
        await handlerTab.CheckDocumentAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("Waiting for a decision");
        var requestPath = new Uri(page.Url).AbsolutePath;
        await shots.StopAsync(page, "request-waiting");

        // A different member, the custodian, finds it in their queue and approves.
        await using (var custodianTab = await OpenStaffTabAsync(staff.BaseAddress))
        {
            var cpage = custodianTab.Page;
            await SignInAsync(custodianTab, staff, custodian);
            await cpage.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Requests to see who reported" }).ClickAsync();
            await custodianTab.CheckDocumentAsync();
            await Expect(cpage.Locator("#awaiting-requests tbody tr")).ToHaveCountAsync(1);
            await shots.StopAsync(cpage, "custodian-queue");
            await cpage.Locator("#awaiting-requests tbody tr").GetByRole(AriaRole.Link).ClickAsync();
            await custodianTab.CheckDocumentAsync();
            await Expect(cpage.Locator("#reasons")).ToHaveTextAsync(Reasons);
            await shots.StopAsync(cpage, "custodian-request");
            await cpage.GetByRole(AriaRole.Link, new() { Name = "Decide this request" }).ClickAsync();
            await custodianTab.CheckDocumentAsync();
            await shots.StopAsync(cpage, "custodian-decide");
            await cpage.GetByLabel("Approve", new() { Exact = true }).CheckAsync();
            await cpage.GetByLabel("Your reasons").FillAsync(CustodianReasons);
            await cpage.GetByRole(AriaRole.Button, new() { Name = "Record my decision" }).ClickAsync();
            await custodianTab.CheckDocumentAsync();
            await Expect(cpage.Locator("#status")).ToHaveTextAsync("Approved: the reporter has been told");
            await Expect(cpage.Locator("#release-on")).ToHaveTextAsync(releaseDay);
            await shots.StopAsync(cpage, "custodian-approved");
            custodianTab.AssertCleanVisit();
        }

        // The reporter, with the receipt alone, reads the reasons and the day, and never the custodian's reasons.
        await using (var reporterTab = await chromium.OpenReporterTabAsync(app.BaseAddress, ChromiumFixture.Desktop))
        {
            await reporterTab.OpenInboxAsync(receipt.Display);
            var notice = reporterTab.Page.Locator(".rp-disclosure-notice");
            await Expect(notice).ToContainTextAsync(Reasons);
            await Expect(notice).ToContainTextAsync($"will be given to that one person on {releaseDay}");
            await Expect(reporterTab.Page.GetByRole(AriaRole.Main)).Not.ToContainTextAsync(CustodianReasons);
            await Expect(reporterTab.Page.GetByRole(AriaRole.Main)).Not.ToContainTextAsync("Hana");
            await shots.StopAsync(reporterTab.Page, "reporter-notice");
            reporterTab.AssertCleanVisit();
        }

        // Before the day the handler sees the approval and no identity.
        await handlerTab.GoToAsync(requestPath);
        await Expect(page.Locator("#status")).ToHaveTextAsync("Approved: the reporter has been told");
        await Expect(page.Locator("#identity")).ToHaveCountAsync(0);
        await shots.StopAsync(page, "request-approved");

        // A week on (a new sign-in: the session has long expired), the identity is released to the handler.
        app.Clock.Advance(TimeSpan.FromDays(7));
        await handlerTab.GoToAsync("/staff/sign-in");
        await SignInAsync(handlerTab, staff, handler);
        await handlerTab.GoToAsync($"/staff/cases/{caseId}");
        await page.Locator("#identity-requests").GetByRole(AriaRole.Link).ClickAsync();
        await handlerTab.CheckDocumentAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("Released");
        await Expect(page.Locator("#identity")).ToContainTextAsync(ReporterName);
        await Expect(page.Locator("#identity")).ToContainTextAsync("CS 4471");
        await shots.StopAsync(page, "request-released");
        handlerTab.AssertCleanVisit();

        foreach (var shot in shots.Shots)
        {
            output.WriteLine(shot);
        }

        Assert.True(shots.Violations.Count == 0, string.Join(Environment.NewLine, shots.Violations));
    }

    private async Task<ReporterTab> OpenStaffTabAsync(Uri baseAddress)
    {
        var tab = await chromium.OpenReporterTabAsync(baseAddress, ChromiumFixture.Desktop);
        // Sign-in derives keys with PBKDF2 (600,000 rounds) on purpose: slow on a busy machine.
        tab.Page.SetDefaultNavigationTimeout(60_000);
        tab.Page.SetDefaultTimeout(30_000);
        return tab;
    }

    private static async Task SignInAsync(ReporterTab tab, StaffApp staff, StaffMember member)
    {
        var page = tab.Page;
        if (!page.Url.EndsWith("/staff/sign-in", StringComparison.Ordinal))
        {
            await tab.GoToAsync("/staff/sign-in");
        }

        await page.GetByLabel("Email address").FillAsync(member.Email!);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(StaffFixtures.Password(member.DisplayName));
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await tab.CheckDocumentAsync();
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(StaffSignIn.Code(StaffFixtures.TotpSecret(member.DisplayName), await StaffSignIn.UnusedStepAsync(staff, member.Id)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await tab.CheckDocumentAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("ReportPortal for professional standards teams");
    }

    private static string Day(DateOnly day) => day.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"));
}
