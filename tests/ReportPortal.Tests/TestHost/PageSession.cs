using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace ReportPortal.Tests.TestHost;

/// <summary>A page as a browser without scripts would see it.</summary>
public sealed record LoadedPage(HttpResponseMessage Response, IDocument Document, string Html, Uri Address)
{
    public HttpStatusCode Status => Response.StatusCode;

    public string Text => Document.Body?.TextContent ?? string.Empty;

    public IReadOnlyList<string> ErrorSummary =>
        Document.QuerySelectorAll(".govuk-error-summary__list a").Select(a => a.TextContent.Trim()).ToList();

    public string? ErrorFor(string fieldId) =>
        Document.QuerySelector($"#{fieldId}-error")?.TextContent.Replace("Error:", string.Empty, StringComparison.Ordinal).Trim();
}

/// <summary>
/// Drives the reporter face the way a browser with scripts disabled does: plain GETs and form posts,
/// carrying cookies and the antiforgery token that the real form holds.
/// </summary>
public sealed class PageSession(HttpClient client)
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Client => client;

    public async Task<LoadedPage> GetAsync(string path) => await LoadAsync(await client.GetAsync(path), path);

    /// <summary>
    /// Submits the form whose Blazor handler is <paramref name="formName"/>: its hidden fields as rendered,
    /// with the given fields added or replacing them, as an urlencoded body (what a browser sends).
    /// </summary>
    public async Task<LoadedPage> SubmitAsync(LoadedPage page, string formName, IEnumerable<KeyValuePair<string, string>> fields, string? action = null)
    {
        var form = page.Document.QuerySelectorAll("form")
            .FirstOrDefault(f => f.QuerySelector($"input[name='_handler'][value='{formName}']") is not null)
            ?? throw new InvalidOperationException($"No form '{formName}' on {page.Address}");
        var given = fields.ToList();
        var body = form.QuerySelectorAll("input[type='hidden']")
            .Select(input => new KeyValuePair<string, string>(input.GetAttribute("name")!, input.GetAttribute("value") ?? string.Empty))
            .Where(hidden => given.All(g => g.Key != hidden.Key))
            .Concat(given)
            .ToList();
        var target = action ?? form.GetAttribute("action") ?? page.Address.PathAndQuery;
        if (string.IsNullOrEmpty(target))
        {
            target = page.Address.PathAndQuery;
        }

        using var content = new FormUrlEncodedContent(body);
        return await LoadAsync(await client.PostAsync(target, content), target);
    }

    /// <summary>Submits a plain form (one without a Blazor handler name) with its hidden fields, to its action.</summary>
    public async Task<LoadedPage> SubmitFormAsync(LoadedPage page, AngleSharp.Dom.IElement form)
    {
        var body = form.QuerySelectorAll("input[type='hidden']")
            .Select(input => new KeyValuePair<string, string>(input.GetAttribute("name")!, input.GetAttribute("value") ?? string.Empty))
            .ToList();
        var target = form.GetAttribute("action") ?? page.Address.PathAndQuery;
        using var content = new FormUrlEncodedContent(body);
        return await LoadAsync(await client.PostAsync(target, content), target);
    }

    public Task<LoadedPage> SubmitAsync(LoadedPage page, string formName, params (string Name, string Value)[] fields) =>
        SubmitAsync(page, formName, fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    public static async Task<LoadedPage> LoadAsync(HttpResponseMessage response, string requested)
    {
        var html = await response.Content.ReadAsStringAsync();
        var document = await Parser.ParseDocumentAsync(html);
        var address = response.RequestMessage?.RequestUri ?? new Uri(requested, UriKind.RelativeOrAbsolute);
        return new LoadedPage(response, document, html, address);
    }
}
