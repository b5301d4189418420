using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Browser;

/// <summary>The reporter face on real Kestrel (a browser cannot reach the in-memory test server), one per test class.</summary>
public sealed class ReporterSiteFixture : IAsyncLifetime
{
    private ReporterApp? _app;

    public ReporterApp App => _app ?? throw new InvalidOperationException("The reporter face has not been started.");

    public async Task InitializeAsync() => _app = await ReporterApp.StartAsync(kestrel: true);

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
