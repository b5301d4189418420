using Microsoft.Playwright;

namespace ReportPortal.Tests.Browser;

/// <summary>
/// One Playwright driver and one headless Debian Chromium for a test class. Playwright's own browser
/// download is unavailable here, so the system browser is launched directly.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };

    private static readonly string[] LaunchArguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium has not been started.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"Browser tests need Debian's chromium at {ExecutablePath} (apt-get install chromium).");
        }

        _playwright = await Playwright.CreateAsync();
        try
        {
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = LaunchArguments,
            });
        }
        catch
        {
            // xunit does not dispose a fixture whose start failed; the driver process must not outlive the run.
            _playwright.Dispose();
            _playwright = null;
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
            await _browser.DisposeAsync();
            _browser = null;
        }

        _playwright?.Dispose();
        _playwright = null;
    }

    /// <summary>A fresh tab with scripts disabled, as a reporter using Tor Browser "Safest" would have.</summary>
    public async Task<ReporterTab> OpenReporterTabAsync(Uri baseAddress, ViewportSize viewport)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = false,
            ViewportSize = viewport,
            IsMobile = viewport.Width < 600,
            HasTouch = viewport.Width < 600,
            Locale = "en-GB",
        });
        return await ReporterTab.OpenAsync(context, baseAddress);
    }
}
