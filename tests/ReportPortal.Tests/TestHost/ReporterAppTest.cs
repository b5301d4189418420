using System.Net;
using ReportPortal.Crypto;

namespace ReportPortal.Tests.TestHost;

/// <summary>A test class with its own reporter face, database and script-less browser session.</summary>
public abstract class ReporterAppTest : IAsyncLifetime
{
    protected ReporterApp App { get; private set; } = default!;

    protected PageSession Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        App = await ReporterApp.StartAsync();
        Browser = new PageSession(App.CreateClient());
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>Files a report through the form and returns the receipt it showed, with the page.</summary>
    protected async Task<(Receipt Receipt, LoadedPage Page, LoadedPage FormPage)> FileAsync(ReportFields fields)
    {
        var form = await Browser.GetAsync("/report");
        var filed = await Browser.SubmitAsync(form, "report", fields.All);
        Assert.Equal(HttpStatusCode.OK, filed.Status);
        var shown = filed.Document.QuerySelector("#receipt")?.TextContent.Trim();
        Assert.NotNull(shown);
        var parsed = Receipt.Parse(shown);
        Assert.True(parsed.Success);
        return (parsed.Receipt!, filed, form);
    }

    protected async Task<LoadedPage> SignInAsync(string typedReceipt)
    {
        var status = await Browser.GetAsync("/status");
        return await Browser.SubmitAsync(status, "status", ("receipt", typedReceipt));
    }
}
