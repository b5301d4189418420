using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ReportPortal.Core.Staff;
using ReportPortal.Tests.Browser;
using ReportPortal.Tests.TestHost;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ReportPortal.Tests.StaffBrowser;

/// <summary>
/// A handler's whole first day in a real browser, by labels and button names only: enrolment through a
/// one-time link (QR code and key), sign-in with a TOTP code computed here, a report filed on the reporter
/// face found in the inbox and worked to closure; then the reporter reads the result with their receipt.
/// Every staff page on the way is photographed at 1280 px (bin/screenshots/staff) and audited with axe.
/// </summary>
public sealed class HandlerJourneyBrowserTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private const string HandlerPassword = "a long handler passphrase for the test";
    private const string Message = "Thank you for reporting this. Can you tell us when the meme was first posted?";
    private const string Feedback = "The officer will attend a misconduct meeting. Thank you for speaking up.";

    private PageShots _shots = default!;

    [Fact]
    public async Task A_handler_enrols_signs_in_and_works_a_new_report_to_closure_and_the_reporter_reads_the_outcome()
    {
        _shots = new PageShots(chromium.Browser, "staff");
        await using var app = await ReporterApp.StartAsync(kestrel: true);
        await using var staff = new StaffApp(app).StartOnKestrel();
        var member = await NewHandlerAsync(app);
        var link = await app.WithDatabaseAsync(db => StaffInvitations.CreateAsync(db, member, app.Clock, CancellationToken.None));

        await using var tab = await chromium.OpenReporterTabAsync(staff.BaseAddress, ChromiumFixture.Desktop);
        var page = tab.Page;
        // Enrolment and sign-in derive keys with PBKDF2 (600,000 rounds) on purpose: slow on a busy machine.
        page.SetDefaultNavigationTimeout(60_000);
        page.SetDefaultTimeout(30_000);
        var heading = page.GetByRole(AriaRole.Heading, new() { Level = 1 });

        // Enrolment: password, then the authenticator from the QR code's key.
        await tab.GoToAsync(link);
        await Expect(heading).ToHaveTextAsync("Set up your account");
        await StopAsync(page, "enrol-password");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(HandlerPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        try
        {
            await tab.CheckDocumentAsync();
        }
        catch (TimeoutException)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(_shots.Folder, "stuck.png"), Timeout = 5000 });
            output.WriteLine(page.Url + "\n" + staff.Logs.Text);
            throw;
        }

        await Expect(heading).ToHaveTextAsync("Set up your authenticator app");
        var qr = page.Locator(".rp-qr svg");
        await Expect(qr).ToBeVisibleAsync();
        var box = await qr.BoundingBoxAsync();
        Assert.True(box is { Width: > 150, Height: > 150 }, $"The QR code is drawn {box?.Width}x{box?.Height}.");
        await StopAsync(page, "enrol-authenticator");
        var secret = FromBase32((await page.Locator(".rp-totp-key").TextContentAsync())!);
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(StaffSignIn.Code(secret, app.Clock.GetUtcNow()));
        await page.GetByRole(AriaRole.Button, new() { Name = "Finish" }).ClickAsync();
        await tab.CheckDocumentAsync();
        await Expect(heading).ToHaveTextAsync("Your account is ready");
        await StopAsync(page, "enrol-done");
        var stored = await app.WithDatabaseAsync(db => db.StaffMembers.Where(m => m.Id == member.Id).Select(m => m.TotpSecret!).SingleAsync());
        Assert.DoesNotContain(Convert.ToHexString(secret), Convert.ToHexString(stored), StringComparison.Ordinal);
        Assert.Equal(secret, TotpSecrets.Open(stored, member.Id, app.Settings.StaffKeyPepper));

        // Sign-in: a wrong password first, then the right one and the next code (the enrolment code cannot replay).
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await tab.CheckDocumentAsync();
        await Expect(heading).ToHaveTextAsync("Sign in");
        await StopAsync(page, "sign-in");
        await SignInAsync(tab, member.Email!, "not the password", expectCodePage: false);
        await Expect(page.Locator(".govuk-error-summary")).ToBeVisibleAsync();
        await StopAsync(page, "sign-in-error");
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        await SignInAsync(tab, member.Email!, HandlerPassword, expectCodePage: true);
        await StopAsync(page, "code");
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(StaffSignIn.Code(secret, app.Clock.GetUtcNow()));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await tab.CheckDocumentAsync();
        await Expect(page).ToHaveURLAsync(staff.BaseAddress + "staff");
        await StopAsync(page, "home");

        // A report arrives on the reporter face and intake grants it to the force's intake handlers.
        using var reporterClient = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = app.BaseAddress };
        var (receipt, _, _) = await ReportJourney.FileAsync(new PageSession(reporterClient), new ReportFields());
        Assert.Equal(1, await app.RunIntakeAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "Your cases" }).ClickAsync();
        await tab.CheckDocumentAsync();
        await Expect(heading).ToHaveTextAsync("Cases");
        var rows = page.Locator("#cases tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await StopAsync(page, "inbox");
        await rows.GetByRole(AriaRole.Link).ClickAsync();
        await tab.CheckDocumentAsync();
        var state = page.Locator("#state");
        await Expect(state).ToHaveTextAsync("Received");
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("Late Turn Lads");
        await StopAsync(page, "case-received");

        await page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge the report" }).ClickAsync();
        await tab.CheckDocumentAsync();
        await Expect(state).ToHaveTextAsync("Acknowledged");
        await StopAsync(page, "case-acknowledged");

        await page.GetByLabel("Message the reporter").FillAsync(Message);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send message" }).ClickAsync();
        await tab.CheckDocumentAsync();
        await Expect(page.Locator("#messages")).ToContainTextAsync(Message);

        await Group(page, "Severity assessment").GetByLabel("Misconduct", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save severity" }).ClickAsync();
        await tab.CheckDocumentAsync();
        await Expect(page.Locator("#severity")).ToHaveTextAsync("Misconduct");
        await Expect(state).ToHaveTextAsync("Assessing");
        await StopAsync(page, "case-assessing");

        await Group(page, "IOPC referral criteria").GetByLabel("Conduct aggravated by discrimination").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save criteria" }).ClickAsync();
        await tab.CheckDocumentAsync();
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("Referral decision");
        await Group(page, "Referral decision").GetByLabel("Do not refer").CheckAsync();
        await page.GetByLabel("Reasons").FillAsync("No criterion is met once the facts are checked: the force deals with it.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record referral decision" }).ClickAsync();
        await tab.CheckDocumentAsync();
        await Expect(page.Locator("#referral")).ToContainTextAsync("Do not refer: No criterion is met");

        await page.GetByLabel("Outcome", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Misconduct meeting (written or final written warning)" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Record outcome" }).ClickAsync();
        await tab.CheckDocumentAsync();
        await Expect(page.Locator("#outcome")).ToHaveTextAsync("Misconduct meeting (written or final written warning)");
        await StopAsync(page, "case-outcome");

        // Closing without feedback is refused, with the reason; then with feedback it closes.
        await page.GetByRole(AriaRole.Button, new() { Name = "Send feedback and close the case" }).ClickAsync();
        await tab.CheckDocumentAsync();
        await Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync("Enter the feedback to the reporter");
        await StopAsync(page, "case-close-refused");
        await page.GetByLabel("Feedback to the reporter").FillAsync(Feedback);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send feedback and close the case" }).ClickAsync();
        await tab.CheckDocumentAsync();
        await Expect(state).ToHaveTextAsync("Closed");
        await StopAsync(page, "case-closed");

        await page.GetByRole(AriaRole.Link, new() { Name = "All cases" }).ClickAsync();
        await tab.CheckDocumentAsync();
        await Expect(rows).ToContainTextAsync("Closed");
        await StopAsync(page, "inbox-after");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Menu" }).GetByRole(AriaRole.Link, new() { Name = member.DisplayName }).ClickAsync();
        await tab.CheckDocumentAsync();
        await Expect(heading).ToHaveTextAsync("Your account");
        await StopAsync(page, "account");

        Assert.Equal(404, (await tab.GoToAsync($"/staff/cases/{Guid.NewGuid()}")).Status);
        await Expect(heading).ToHaveTextAsync("Page not found");
        await StopAsync(page, "not-found");
        await tab.GoToAsync("/staff/error");
        await Expect(heading).ToHaveTextAsync("Sorry, there is a problem with the service");
        await StopAsync(page, "error");

        // Oversight analysts get a page that says plainly they see no case.
        var analyst = await app.AddStaffAsync("oversight", "9001", intake: false, roles: ["oversight-analyst"]);
        await using (var analystTab = await chromium.OpenReporterTabAsync(staff.BaseAddress, ChromiumFixture.Desktop))
        {
            await analystTab.GoToAsync("/staff/sign-in");
            await SignInAsync(analystTab, analyst.Email!, StaffFixtures.Password("oversight"), expectCodePage: true);
            await analystTab.Page.GetByLabel("Code", new() { Exact = true }).FillAsync(StaffSignIn.Code(StaffFixtures.TotpSecret("oversight"), await StaffSignIn.UnusedStepAsync(staff, analyst.Id)));
            await analystTab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await analystTab.CheckDocumentAsync();
            await analystTab.Page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Oversight" }).ClickAsync();
            await analystTab.CheckDocumentAsync();
            await Expect(analystTab.Page.GetByRole(AriaRole.Main)).ToContainTextAsync("Case-level data is not available to oversight analysts.");
            await StopAsync(analystTab.Page, "oversight");
            analystTab.AssertCleanVisit();
        }

        tab.AssertCleanVisit();

        // The reporter, with nothing but the receipt, reads the acknowledgement, the message and the feedback.
        await using var reporterTab = await chromium.OpenReporterTabAsync(app.BaseAddress, ChromiumFixture.Desktop);
        await reporterTab.OpenInboxAsync(receipt.Display);
        var inbox = reporterTab.Page.GetByRole(AriaRole.Main);
        await Expect(inbox).ToContainTextAsync("The professional standards team acknowledged your report");
        await Expect(inbox).ToContainTextAsync(Message);
        await Expect(inbox).ToContainTextAsync(Feedback);

        foreach (var shot in _shots.Shots)
        {
            output.WriteLine(shot);
        }

        Assert.True(_shots.Violations.Count == 0, string.Join(Environment.NewLine, _shots.Violations));
    }

    private Task StopAsync(IPage page, string name) => _shots.StopAsync(page, name);

    private static async Task SignInAsync(ReporterTab tab, string email, string password, bool expectCodePage)
    {
        await tab.Page.GetByLabel("Email address").FillAsync(email);
        await tab.Page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await tab.CheckDocumentAsync();
        if (expectCodePage)
        {
            await Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Enter the code from your authenticator app");
        }
    }

    private static ILocator Group(IPage page, string legend) => page.GetByRole(AriaRole.Group, new() { Name = legend, Exact = true });

    /// <summary>A handler of the demo force with no password yet, as an administrator creates one before sending the link.</summary>
    private static async Task<StaffMember> NewHandlerAsync(ReporterApp app) => await app.WithDatabaseAsync(async db =>
    {
        var force = await db.Forces.SingleAsync(f => f.Code == "demo");
        var member = new StaffMember
        {
            ForceId = force.Id,
            Email = "harriet.handler@force.test",
            DisplayName = "Harriet Handler",
            IsIntakeHandler = true,
            StaffNumberIndex = app.Settings.Indexes.StaffNumber("demo", "4321"),
        };
        db.StaffMembers.Add(member);
        db.StaffMemberRoles.Add(new StaffRoleAssignment { StaffMemberId = member.Id, Role = "handler" });
        await db.SaveChangesAsync();
        return member;
    });

    /// <summary>RFC 4648 base32, decoded here rather than with the application's own decoder.</summary>
    private static byte[] FromBase32(string text)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(Regex.Replace(text.ToUpperInvariant(), "[^A-Z2-7]", string.Empty)
            .Select(c => Convert.ToString(Alphabet.IndexOf(c, StringComparison.Ordinal), 2).PadLeft(5, '0')));
        return Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2)).ToArray();
    }
}
