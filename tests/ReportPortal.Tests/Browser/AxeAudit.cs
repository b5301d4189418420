using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace ReportPortal.Tests.Browser;

/// <summary>
/// Runs axe-core over exactly what a script-free reporter page showed. axe needs scripts, and the
/// reporter face forbids them (CSP <c>script-src 'none'</c>), so the page's HTML is replayed at its own
/// address in a separate, script-enabled context that bypasses the CSP; its stylesheet still comes
/// from the site, so colour contrast is judged on the real styles. Replaying the document, rather than
/// loading the address again, also covers pages that only exist as the answer to a form post.
/// </summary>
public static class AxeAudit
{
    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    // axe files text whose colour equals its background under "incomplete" (it may be deliberately
    // hidden), not under violations. Nothing on a reporter page is hidden that way, so it counts here:
    // it is how a receipt printed white on white would be caught.
    private const string RunScript = """
        async (tags) => {
            const results = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'] });
            const describe = n => n.target.join(' ') + ' | ' + (n.failureSummary || '').replace(/\s+/g, ' ');
            const invisible = results.incomplete
                .filter(r => r.id === 'color-contrast')
                .flatMap(r => r.nodes)
                .filter(n => n.any.some(check => check.data && check.data.messageKey === 'equalRatio'));
            const violations = results.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(describe) }));
            if (invisible.length > 0) {
                violations.push({
                    id: 'color-contrast-equal',
                    impact: 'critical',
                    help: 'Text is the same colour as its background, so nobody can see it',
                    nodes: invisible.map(describe),
                });
            }
            return { rulesRun: results.passes.length + results.violations.length + results.incomplete.length, violations };
        }
        """;

    private static readonly Lazy<string> AxeScriptPath = new(FindAxe);

    /// <summary>Every WCAG 2.1 A/AA violation on the page, one readable line per rule and node.</summary>
    public static async Task<IReadOnlyList<string>> ViolationsAsync(IBrowser browser, IPage shown, string name)
    {
        var html = await shown.ContentAsync();
        var address = shown.Url;
        var withoutFragment = address.Split('#')[0];
        var viewport = shown.ViewportSize ?? throw new InvalidOperationException("The page has no fixed viewport.");

        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = true,
            BypassCSP = true,
            ViewportSize = new ViewportSize { Width = viewport.Width, Height = viewport.Height },
            Locale = "en-GB",
        });
        var page = await context.NewPageAsync();
        await page.RouteAsync(
            url => url == withoutFragment,
            route => route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "text/html; charset=utf-8", Body = html }));
        await page.GotoAsync(address, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = AxeScriptPath.Value });
        var result = await page.EvaluateAsync<JsonElement>(RunScript, WcagTags);

        Assert.True(result.GetProperty("rulesRun").GetInt32() > 0, $"axe ran no rules on {name}.");
        var lines = new List<string>();
        foreach (var violation in result.GetProperty("violations").EnumerateArray())
        {
            var text = new StringBuilder()
                .Append(name).Append(": ").Append(violation.GetProperty("id").GetString())
                .Append(" (").Append(violation.GetProperty("impact").ToString()).Append(") ")
                .Append(violation.GetProperty("help").GetString());
            foreach (var node in violation.GetProperty("nodes").EnumerateArray())
            {
                text.AppendLine().Append("    at ").Append(node.GetString());
            }

            lines.Add(text.ToString());
        }

        return lines;
    }

    private static string FindAxe()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "node_modules", "axe-core", "axe.min.js");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("axe-core is missing: run `npm ci` at the repository root.");
    }
}
