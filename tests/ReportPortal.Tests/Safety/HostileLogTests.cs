using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Safety;

/// <summary>
/// Hostile values with line breaks, sent through every page, every way a client can send them, with every
/// log turned up to Trace: no log line may carry any of them (nor forge a line of its own).
/// </summary>
public sealed class HostileLogTests
{
    private const string Marker = "HOSTILEq7z";
    private const string Hostile = "x\r\n" + Marker + " fake: log line\ninfo: forged";

    [Fact]
    public async Task No_request_value_reaches_the_logs()
    {
        await using var app = await ReporterApp.StartAsync(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Trace",
        });
        var client = app.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", Marker + "-agent");
        client.DefaultRequestHeaders.TryAddWithoutValidation("Referer", "http://example.invalid/" + Marker);
        var browser = new PageSession(client);
        var escaped = Uri.EscapeDataString(Hostile);

        foreach (var path in new[]
        {
            $"/?q={escaped}", $"/report?x={escaped}", $"/status?ended={escaped}", $"/status/inbox?sent={escaped}",
            $"/{escaped}", $"/problem/{escaped}", $"/assets/{escaped}.css", $"/status?ended=true&{escaped}={escaped}",
        })
        {
            await browser.GetAsync(path);
        }

        var form = await browser.GetAsync("/report");
        var everyField = new ReportFields();
        foreach (var (name, _) in new ReportFields().All.ToList())
        {
            everyField.Set(name, Hostile);
        }

        await browser.SubmitAsync(form, "report", everyField.All);
        await browser.SubmitAsync(form, "report", new ReportFields().Set("what", Hostile + "\0").All);
        await browser.SubmitAsync(form, "report", new ReportFields().Set("_af", Hostile).Set("_handler", Hostile).All);
        await browser.SubmitAsync(form, "report", new ReportFields().Set("token", Hostile).All);
        var status = await browser.GetAsync("/status");
        await browser.SubmitAsync(status, "status", ("receipt", Hostile));

        var (receipt, _, _) = await ReportJourney.FileAsync(browser, new ReportFields().Set("what", Hostile));
        var inbox = await browser.SubmitAsync(await browser.GetAsync("/status"), "status", ("receipt", receipt.Display));
        await browser.SubmitAsync(inbox, "reply", ("reply", Hostile));

        var tampered = new HttpRequestMessage(HttpMethod.Get, "/status/inbox");
        tampered.Headers.TryAddWithoutValidation("Cookie", $"rp_inbox={escaped}; rp_af={escaped}");
        await client.SendAsync(tampered);

        // The search means something only if the logs are verbose and the hostile requests were handled.
        Assert.True(app.Logs.Count > 50, $"Only {app.Logs.Count} log lines were captured; Trace logging is not on.");
        Assert.Equal(1, await app.CaseCountAsync());
        Assert.DoesNotContain(Marker, app.Logs.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("forged", app.Logs.Text, StringComparison.OrdinalIgnoreCase);
    }
}
