using Microsoft.Playwright;
using ReportPortal.Core.Staff;
using ReportPortal.Tests.Browser;
using ReportPortal.Tests.Infrastructure;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Administration;

/// <summary>
/// <see cref="AdminTest"/> with the staff face on Kestrel, for pages driven in the shared Chromium with scripts
/// off at 1280 px by a member signed in through the real sign-in and code pages.
/// </summary>
public abstract class AdminBrowserTest(ChromiumFixture chromium) : AdminTest, IClassFixture<ChromiumFixture>
{
    private int _port;

    protected IBrowser Chromium => chromium.Browser;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _port = FreePort.Next();
        Staff.UseKestrel(_port);
        Staff.StartServer();
    }

    /// <summary>A new browser context (dispose it) whose one page is signed in as <paramref name="member"/> and on the staff home page.</summary>
    protected async Task<(IBrowserContext Context, IPage Page)> SignedInPageAsync(StaffMember member)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = false,
            ViewportSize = ChromiumFixture.Desktop,
            Locale = "en-GB",
            BaseURL = $"http://127.0.0.1:{_port}",
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/staff/sign-in");
        await page.FillAsync("#email", member.Email!);
        await page.FillAsync("#password", StaffFixtures.Password(member.DisplayName));
        await page.ClickAsync("button[type=submit] >> text=Continue");
        await page.FillAsync("#code", StaffSignIn.Code(TotpSecret(member), Staff.Clock.GetUtcNow()));
        await page.Locator("main button[type=submit]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/staff$"));
        return (context, page);
    }
}
