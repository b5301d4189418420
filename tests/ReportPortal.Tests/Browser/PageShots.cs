using Microsoft.Playwright;

namespace ReportPortal.Tests.Browser;

/// <summary>
/// Full-page screenshots of a browser journey, numbered in order under bin/screenshots/&lt;area&gt; (emptied
/// first), each page audited with axe on the way; the test asserts <see cref="Violations"/> is empty at the end.
/// </summary>
public sealed class PageShots
{
    private readonly IBrowser _browser;
    private readonly string _folder;

    public PageShots(IBrowser browser, string area)
    {
        _browser = browser;
        _folder = Path.Combine(ReporterPagesBrowserTests.ScreenshotsFolder(), area);
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        Directory.CreateDirectory(_folder);
    }

    public string Folder => _folder;

    public List<string> Shots { get; } = [];

    public List<string> Violations { get; } = [];

    public async Task StopAsync(IPage page, string name)
    {
        var path = Path.Combine(_folder, $"{Shots.Count + 1:00}-{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        Shots.Add(path);
        Violations.AddRange(await AxeAudit.ViolationsAsync(_browser, page, name));
    }
}
