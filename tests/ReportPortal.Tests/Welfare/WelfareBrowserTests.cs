using System.Net;
using Microsoft.Playwright;
using ReportPortal.Tests.Browser;
using ReportPortal.Tests.TestHost;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ReportPortal.Tests.Welfare;

/// <summary>
/// A welfare lead in a real browser, by labels and button names: the queue, "Assign to me", a contact in the
/// log and a message; then the reporter, with only the receipt and no scripts, reads it from "welfare support"
/// at phone and desktop widths. Every page is photographed (bin/screenshots/welfare) and audited with axe.
/// </summary>
public sealed class WelfareBrowserTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private const string Contact = "Phoned them: they would like a weekly call and a change of shift pattern.";
    private const string Message = "Hello, I am your welfare lead. I can call you on Tuesday evening if that suits.";

    [Fact]
    public async Task A_welfare_lead_assigns_a_reporter_to_themselves_logs_a_contact_and_the_reporter_reads_welfare_support()
    {
        var shots = new PageShots(chromium.Browser, "welfare");
        await using var app = await ReporterApp.StartAsync(kestrel: true);
        await using var staff = new StaffApp(app).StartOnKestrel();
        await app.AddStaffAsync("Hana Handler", "4001");
        var lead = await app.AddStaffAsync("Wanda Welfare", "5001", intake: false, roles: ["welfare-lead"]);
        using var reporterClient = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = app.BaseAddress };
        var (receipt, _, _) = await ReportJourney.FileAsync(new PageSession(reporterClient), new ReportFields().Set("support", "yes").Set("retaliation", "yes"));
        Assert.Equal(1, await app.RunIntakeAsync());

        await using var tab = await chromium.OpenReporterTabAsync(staff.BaseAddress, ChromiumFixture.Desktop);
        var page = tab.Page;
        page.SetDefaultNavigationTimeout(60_000);
        page.SetDefaultTimeout(30_000);
        var heading = page.GetByRole(AriaRole.Heading, new() { Level = 1 });
        await tab.GoToAsync("/staff/sign-in");
        await page.GetByLabel("Email address").FillAsync(lead.Email!);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(StaffFixtures.Password("Wanda Welfare"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await tab.CheckDocumentAsync();
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(StaffSignIn.Code(StaffFixtures.TotpSecret("Wanda Welfare"), await StaffSignIn.UnusedStepAsync(staff, lead.Id)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await tab.CheckDocumentAsync();

        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Welfare queue" }).ClickAsync();
        await tab.CheckDocumentAsync();
        await Expect(heading).ToHaveTextAsync("Welfare queue");
        var rows = page.Locator("#welfare-queue tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToContainTextAsync("Asked for support; Fears retaliation");
        await shots.StopAsync(page, "queue");

        await rows.GetByRole(AriaRole.Link).ClickAsync();
        await tab.CheckDocumentAsync();
        await Expect(page.Locator("#welfare-lead")).ToHaveTextAsync("Not assigned");
        await Expect(page.GetByRole(AriaRole.Main)).Not.ToContainTextAsync("Late Turn Lads");
        await shots.StopAsync(page, "case-unassigned");

        await page.GetByRole(AriaRole.Button, new() { Name = "Assign to me" }).ClickAsync();
        await tab.CheckDocumentAsync();
        await Expect(page.Locator("#welfare-lead")).ToHaveTextAsync("Wanda Welfare");
        await page.GetByLabel("Contact", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Details").FillAsync(Contact);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to the log" }).ClickAsync();
        await tab.CheckDocumentAsync();
        await Expect(page.Locator("#welfare-log")).ToContainTextAsync(Contact);

        // An empty message is refused with the reason; then the message goes.
        await page.GetByRole(AriaRole.Button, new() { Name = "Send message" }).ClickAsync();
        await tab.CheckDocumentAsync();
        await Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync("Enter a message");
        await shots.StopAsync(page, "message-refused");
        await page.GetByLabel("Message the reporter").FillAsync(Message);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send message" }).ClickAsync();
        await tab.CheckDocumentAsync();
        await Expect(page.Locator("#welfare-thread")).ToContainTextAsync(Message);
        await shots.StopAsync(page, "case-supported");

        await page.GetByRole(AriaRole.Link, new() { Name = "Welfare queue" }).ClickAsync();
        await tab.CheckDocumentAsync();
        await Expect(rows).ToContainTextAsync("Wanda Welfare");
        await shots.StopAsync(page, "queue-after");
        tab.AssertCleanVisit();

        // The reporter, with the receipt alone, at phone then desktop width.
        foreach (var (viewport, name) in new[] { (ChromiumFixture.Phone, "inbox-phone"), (ChromiumFixture.Desktop, "inbox-desktop") })
        {
            await using var reporterTab = await chromium.OpenReporterTabAsync(app.BaseAddress, viewport);
            await reporterTab.OpenInboxAsync(receipt.Display);
            var welfare = reporterTab.Page.Locator(".rp-message--welfare");
            await Expect(welfare).ToContainTextAsync("Welfare support");
            await Expect(welfare).ToContainTextAsync(Message);
            await Expect(welfare).Not.ToContainTextAsync("Wanda");
            await reporterTab.Page.Locator("#welfare-support").ScrollIntoViewIfNeededAsync();
            await shots.StopAsync(reporterTab.Page, name);
            reporterTab.AssertCleanVisit();
        }

        foreach (var shot in shots.Shots)
        {
            output.WriteLine(shot);
        }

        Assert.True(shots.Violations.Count == 0, string.Join(Environment.NewLine, shots.Violations));
    }
}
