using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Staff;
using ReportPortal.Tests.Browser;
using ReportPortal.Tests.TestHost;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ReportPortal.Tests.StaffBrowser;

/// <summary>
/// In a real browser, by labels and button names: a handler sees a related report they do not hold as a count,
/// asks for it with reasons, the holder grants it, and the case then appears among the related reports; the
/// force pattern view shows the shared chat group as a label and a count. Photographed at 1280 px
/// (bin/screenshots/related) and audited with axe.
/// </summary>
public sealed class RelatedReportsBrowserTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private readonly List<string> _violations = [];
    private string _folder = string.Empty;
    private int _shots;

    [Fact]
    public async Task A_handler_requests_a_related_report_the_holder_grants_it_and_the_pattern_view_shows_the_group()
    {
        _folder = Path.Combine(ReporterPagesBrowserTests.ScreenshotsFolder(), "related");
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        Directory.CreateDirectory(_folder);
        await using var app = await ReporterApp.StartAsync(kestrel: true);
        await using var staff = new StaffApp(app).StartOnKestrel();
        var alice = await app.AddStaffAsync("alice", "4001");
        using var reporter = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = app.BaseAddress };
        await ReportJourney.FileAsync(new PageSession(reporter), new ReportFields());
        await app.RunIntakeAsync();
        await app.WithDatabaseAsync(db => db.StaffMembers.Where(s => s.Id == alice.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.IsIntakeHandler, false)));
        var bob = await app.AddStaffAsync("bob", "4002");
        using var second = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = app.BaseAddress };
        await ReportJourney.FileAsync(new PageSession(second), new ReportFields().Set("group", "late turn LADS"));
        await app.RunIntakeAsync();
        var grants = await app.WithDatabaseAsync(db => db.KeyGrants.AsNoTracking().Where(g => g.Holder == KeyHolder.Staff).ToDictionaryAsync(g => g.StaffMemberId!.Value, g => g.CaseId));
        var theirReference = await app.WithDatabaseAsync(db => db.Cases.Where(c => c.Id == grants[bob.Id]).Select(c => c.Reference).SingleAsync());

        await using var aliceTab = await SignedInAsync(staff, alice, "alice");
        var page = aliceTab.Page;
        await aliceTab.GoToAsync($"/staff/cases/{grants[alice.Id]}");
        var related = page.Locator("#related");
        await Expect(related).ToContainTextAsync("1 related report you do not have access to");
        await related.ScrollIntoViewIfNeededAsync();
        await StopAsync(page, "related-not-held");
        await page.GetByLabel("Why you need access").FillAsync("Same group chat: I need to see who else was in it.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Request access" }).ClickAsync();
        await aliceTab.CheckDocumentAsync();
        await Expect(page.Locator("#related-sent")).ToBeVisibleAsync();
        await StopAsync(page, "related-requested");

        await using (var bobTab = await SignedInAsync(staff, bob, "bob"))
        {
            await bobTab.Page.GetByRole(AriaRole.Link, new() { Name = "Access requests for related reports" }).ClickAsync();
            await bobTab.CheckDocumentAsync();
            await StopAsync(bobTab.Page, "requests-to-decide");
            await bobTab.Page.GetByRole(AriaRole.Link, new() { Name = "Read and decide" }).ClickAsync();
            await bobTab.CheckDocumentAsync();
            await Expect(bobTab.Page.Locator("#reasons")).ToContainTextAsync("Same group chat");
            await StopAsync(bobTab.Page, "request");
            await bobTab.Page.GetByRole(AriaRole.Button, new() { Name = "Give access" }).ClickAsync();
            await bobTab.CheckDocumentAsync();
            await Expect(bobTab.Page.Locator(".govuk-notification-banner")).ToContainTextAsync("Access was given");
            bobTab.AssertCleanVisit();
        }

        await aliceTab.GoToAsync("/staff/access-requests");
        await Expect(page.Locator("#mine")).ToContainTextAsync("Granted");
        await StopAsync(page, "requests-mine");
        await page.GetByRole(AriaRole.Link, new() { Name = $"Open {theirReference}" }).ClickAsync();
        await aliceTab.CheckDocumentAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(theirReference);
        await aliceTab.GoToAsync($"/staff/cases/{grants[alice.Id]}");
        await Expect(page.Locator("#related-held")).ToContainTextAsync(theirReference);
        await page.GetByLabel("Link another case you have access to").FillAsync(theirReference);
        await page.GetByLabel("Why they are linked").FillAsync("Same group, same night.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Link case" }).ClickAsync();
        await aliceTab.CheckDocumentAsync();
        await Expect(page.Locator("#links")).ToContainTextAsync("Same group, same night.");
        await page.Locator("#related").ScrollIntoViewIfNeededAsync();
        await StopAsync(page, "related-held-and-linked");

        await aliceTab.GoToAsync("/staff/patterns");
        await Expect(page.Locator("#groups")).ToContainTextAsync("Group A");
        await StopAsync(page, "patterns");
        await aliceTab.GoToAsync("/staff/conflicts");
        await StopAsync(page, "conflicts");
        aliceTab.AssertCleanVisit();

        output.WriteLine(_folder);
        Assert.True(_violations.Count == 0, string.Join(Environment.NewLine, _violations));
    }

    private async Task<ReporterTab> SignedInAsync(StaffApp staff, StaffMember member, string name)
    {
        var tab = await chromium.OpenReporterTabAsync(staff.BaseAddress, ChromiumFixture.Desktop);
        tab.Page.SetDefaultNavigationTimeout(60_000);
        tab.Page.SetDefaultTimeout(30_000);
        await tab.GoToAsync("/staff/sign-in");
        await tab.Page.GetByLabel("Email address").FillAsync(member.Email!);
        await tab.Page.GetByLabel("Password", new() { Exact = true }).FillAsync(StaffFixtures.Password(name));
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await tab.CheckDocumentAsync();
        await tab.Page.GetByLabel("Code", new() { Exact = true }).FillAsync(StaffSignIn.Code(StaffFixtures.TotpSecret(name), await StaffSignIn.UnusedStepAsync(staff, member.Id)));
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await tab.CheckDocumentAsync();
        return tab;
    }

    private async Task StopAsync(IPage page, string name)
    {
        var path = Path.Combine(_folder, $"{++_shots:00}-{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        _violations.AddRange(await AxeAudit.ViolationsAsync(chromium.Browser, page, name));
    }
}
