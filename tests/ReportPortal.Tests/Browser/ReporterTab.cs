using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace ReportPortal.Tests.Browser;

/// <summary>
/// A page of the reporter face in a script-free browser context that remembers every request the page
/// made and every document it loaded, so a test can prove that nothing left the site and that no page
/// it went through carried a script.
/// </summary>
public sealed class ReporterTab : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly ConcurrentQueue<string> _requests = new();
    private int _documentsLoaded;
    private int _documentsChecked;

    private ReporterTab(IBrowserContext context, IPage page, Uri baseAddress)
    {
        _context = context;
        Page = page;
        BaseAddress = baseAddress;
        page.Request += (_, request) => _requests.Enqueue(request.Url);
        page.Load += (_, _) => Interlocked.Increment(ref _documentsLoaded);
    }

    public IPage Page { get; }

    public Uri BaseAddress { get; }

    public IReadOnlyCollection<string> Requests => _requests;

    internal static async Task<ReporterTab> OpenAsync(IBrowserContext context, Uri baseAddress)
    {
        // Nothing on a reporter page should ever be slow; a short limit makes a broken page fail fast.
        context.SetDefaultTimeout(10_000);
        context.SetDefaultNavigationTimeout(15_000);
        return new ReporterTab(context, await context.NewPageAsync(), baseAddress);
    }

    public Uri Address(string path) => new(BaseAddress, path);

    public async Task<IResponse> GoToAsync(string path)
    {
        var response = await Page.GotoAsync(Address(path).ToString())
            ?? throw new InvalidOperationException($"No response for {path}.");
        await CheckDocumentAsync();
        return response;
    }

    /// <summary>Signs in as a reporter does, by the receipt field's label and the button's name, and checks the page it leads to.</summary>
    public async Task OpenInboxAsync(string receipt)
    {
        await GoToAsync("/status");
        await Page.GetByLabel("Your receipt").FillAsync(receipt);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Open my inbox" }).ClickAsync();
        await CheckDocumentAsync();
    }

    /// <summary>
    /// Waits for the document now showing to finish loading and asserts it holds no script element.
    /// Call it on arriving at every page; <see cref="AssertCleanVisit"/> fails if a loaded page was skipped.
    /// </summary>
    public async Task CheckDocumentAsync()
    {
        await Page.WaitForLoadStateAsync(LoadState.Load);
        var html = await Page.ContentAsync();
        Assert.True(html.Length > 0, $"{Page.Url} is empty.");
        Assert.False(html.Contains("<script", StringComparison.OrdinalIgnoreCase), $"{Page.Url} contains a <script> element.");
        Interlocked.Increment(ref _documentsChecked);
    }

    /// <summary>Every loaded document was checked for scripts and every request stayed on the site.</summary>
    public void AssertCleanVisit()
    {
        Assert.Equal(Volatile.Read(ref _documentsLoaded), Volatile.Read(ref _documentsChecked));
        var origin = BaseAddress.GetLeftPart(UriPartial.Authority);
        var elsewhere = _requests.Where(url => !url.StartsWith(origin + "/", StringComparison.Ordinal)).Distinct().ToList();
        Assert.True(elsewhere.Count == 0, "Requests left the site: " + string.Join(", ", elsewhere));

        // Proves the recording works, and that the pages were styled by the site's own stylesheet.
        Assert.Contains(Address("/assets/app.css").ToString(), _requests);
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
