using ReportPortal.Crypto;

namespace ReportPortal.Tests.TestHost;

/// <summary>A test class with its own reporter face, database and script-less browser session.</summary>
public abstract class ReporterAppTest : IAsyncLifetime
{
    protected ReporterApp App { get; private set; } = default!;

    protected PageSession Browser { get; private set; } = default!;

    public virtual async Task InitializeAsync()
    {
        App = await ReporterApp.StartAsync();
        Browser = new PageSession(App.CreateClient());
    }

    public virtual async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>Files a report through the form and the check-your-answers step; returns the receipt, the "sent" page and the check page.</summary>
    protected Task<(Receipt Receipt, LoadedPage Page, LoadedPage CheckPage)> FileAsync(ReportFields fields) =>
        ReportJourney.FileAsync(Browser, fields);

    protected async Task<LoadedPage> SignInAsync(string typedReceipt)
    {
        var status = await Browser.GetAsync("/status");
        return await Browser.SubmitAsync(status, "status", ("receipt", typedReceipt));
    }
}
