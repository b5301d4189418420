using Microsoft.Playwright;
using ReportPortal.ReporterFace.Components.Layout;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ReportPortal.Tests.Browser;

/// <summary>
/// Every reporter page as a person sees it: full-page screenshots at phone and desktop widths for a
/// human to review (under tests/ReportPortal.Tests/bin/screenshots), and an axe WCAG 2.1 A/AA audit.
/// </summary>
public sealed class ReporterPagesBrowserTests(ChromiumFixture chromium, ReporterSiteFixture site, ITestOutputHelper output)
    : IClassFixture<ChromiumFixture>, IClassFixture<ReporterSiteFixture>
{
    private static readonly string[] Tour =
        ["landing", "accessibility", "privacy", "cookies", "contact", "report-form", "report-form-with-errors", "check-answers", "check-answers-with-error", "receipt", "status", "status-with-error", "inbox", "inbox-session-ended", "form-not-checked", "not-found"];

    public static TheoryData<string> Widths => new() { "phone", "desktop" };

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task Every_reporter_page_is_photographed_for_review(string width)
    {
        var folder = Path.Combine(ScreenshotsFolder(), width);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        await using var tab = await chromium.OpenReporterTabAsync(site.App.BaseAddress, width == "phone" ? ChromiumFixture.Phone : ChromiumFixture.Desktop);
        var visited = new List<string>();

        await ReporterPageTour.WalkAsync(tab, async name =>
        {
            var path = Path.Combine(folder, $"{visited.Count + 1:00}-{name}.png");
            var png = await tab.Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });
            Assert.True(png.Length > 10_000, $"{path} is suspiciously small ({png.Length} bytes).");
            visited.Add(name);
            output.WriteLine(path);
        });

        Assert.Equal(Tour, visited);
    }

    [Fact]
    public async Task Every_reporter_page_passes_axe_wcag_2_1_a_and_aa()
    {
        await using var tab = await chromium.OpenReporterTabAsync(site.App.BaseAddress, ChromiumFixture.Desktop);
        var violations = new List<string>();
        var audited = new List<string>();

        await ReporterPageTour.WalkAsync(tab, async name =>
        {
            violations.AddRange(await AxeAudit.ViolationsAsync(chromium.Browser, tab.Page, name));
            audited.Add(name);
        });

        Assert.Equal(Tour, audited);
        Assert.True(violations.Count == 0, "axe found accessibility problems:\n" + string.Join('\n', violations));
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task The_exit_link_is_the_second_thing_the_tab_key_reaches_and_stays_on_screen_when_scrolled(string width)
    {
        await using var tab = await chromium.OpenReporterTabAsync(site.App.BaseAddress, width == "phone" ? ChromiumFixture.Phone : ChromiumFixture.Desktop);
        var page = tab.Page;
        await tab.GoToAsync("/");
        var exit = page.GetByRole(AriaRole.Link, new() { Name = "Emergency Exit this page" });

        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to main content" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(exit).ToBeFocusedAsync();
        await Expect(exit).ToHaveAttributeAsync("href", MainLayout.ExitAddress);

        // Near the bottom of a long page it must still be in view, without any script to move it there.
        await page.GetByRole(AriaRole.Contentinfo).ScrollIntoViewIfNeededAsync();
        await Expect(exit).ToBeInViewportAsync();
        var box = await exit.BoundingBoxAsync() ?? throw new InvalidOperationException("The exit link has no box.");
        Assert.True(box.Y < 60, $"The exit link should stay at the top of the screen, but is {box.Y}px down.");
        tab.AssertCleanVisit();
    }

    [Theory]
    [InlineData(320)]
    [InlineData(360)]
    [InlineData(390)]
    [InlineData(1280)]
    public async Task The_exit_link_never_covers_the_service_name(int width)
    {
        await using var tab = await chromium.OpenReporterTabAsync(site.App.BaseAddress, new ViewportSize { Width = width, Height = 800 });
        await tab.GoToAsync("/");
        var exit = await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Emergency Exit this page" }).BoundingBoxAsync();
        var name = await tab.Page.Locator(".govuk-generic-header__homepage-link").BoundingBoxAsync();

        Assert.NotNull(exit);
        Assert.NotNull(name);
        var apart = exit.X >= name.X + name.Width || exit.Y >= name.Y + name.Height || name.Y >= exit.Y + exit.Height;
        Assert.True(apart, $"At {width}px the exit link ({exit.X},{exit.Y} {exit.Width}x{exit.Height}) covers the service name ({name.X},{name.Y} {name.Width}x{name.Height}).");
        Assert.True(exit.X + exit.Width <= width, $"At {width}px the exit link runs off the screen.");
    }

    /// <summary>tests/ReportPortal.Tests/bin/screenshots: under bin, so git ignores it and a clean removes it.</summary>
    internal static string ScreenshotsFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (folder.Name == "bin" && File.Exists(Path.Combine(folder.Parent!.FullName, "ReportPortal.Tests.csproj")))
            {
                return Path.Combine(folder.FullName, "screenshots");
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "screenshots");
    }
}
