using System.Net;
using System.Net.Sockets;
using System.Text;
using ReportPortal.Tests.Infrastructure;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Safety;

/// <summary>
/// Files a report full of distinctive strings through real Kestrel, from a distinctive client address
/// and user agent, with every framework log turned up to Trace. Then searches a pg_dump of the whole
/// database, every captured log line and PostgreSQL's own log, raw, base64 and hex: nothing may be found.
/// </summary>
public sealed class CanaryTests
{
    private const string ClientAddress = "127.0.0.2";
    private const string UserAgent = "CanaryBrowser/9.9 (canary-agent-q7w3)";

    private static readonly Dictionary<string, string> Canaries = new()
    {
        ["platform"] = "CanaryPlatformZq1",
        ["group"] = "CanaryGroupXv2",
        ["when"] = "CanaryWhenWb3",
        ["what"] = "CanaryWhatHappenedKp4 with a second line\nand more",
        ["others"] = "CanaryOthersJt5",
        ["subjects[0].name"] = "CanarySubjectNameRm6",
        ["subjects[0].staff-number"] = "CANARY7731",
        ["subjects[0].force"] = "CanarySubjectForceLn7",
        ["subjects[0].unit"] = "CanaryUnitHs8",
        ["subjects[0].rank"] = "CanaryRankGd9",
        ["reporter-name"] = "CanaryReporterNameFy10",
        ["reporter-staff-number"] = "CANARY8842",
        ["reporter-contact"] = "canary-contact-11@example.invalid",
    };

    private const string ReplyCanary = "CanaryReplyTextVc12";
    private const string SupportCanary = "CanarySupportNoteWq13";
    private const string TreatmentCanary = "CanaryTreatmentNoteEh14";

    [Fact]
    public async Task Nothing_a_reporter_typed_nor_their_receipt_address_or_user_agent_reaches_the_database_or_logs()
    {
        await using var app = await ReporterApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Trace",
                ["Logging:LogLevel:Microsoft"] = "Trace",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Trace",
                // Proves the server really sees the distinctive address: the page warns about it.
                ["ReportPortal:ForceNetworks:0"] = ClientAddress + "/32",
            },
            kestrel: true);
        using var client = ClientFromDistinctiveAddress(app.BaseAddress);
        var browser = new PageSession(client);

        var form = await browser.GetAsync("/report");
        Assert.Contains("You seem to be using a police network", form.Text, StringComparison.Ordinal);
        var fields = new ReportFields().Set("identity", "confidential").Set("monitoring-consent", "yes");
        foreach (var (name, value) in Canaries)
        {
            fields.Set(name, value);
        }

        var (receipt, _, _) = await ReportJourney.FileAsync(browser, fields);
        var status = await browser.GetAsync("/status");
        var inbox = await browser.SubmitAsync(status, "status", ("receipt", receipt.Display));
        var replied = await browser.SubmitAsync(inbox, "reply", ("reply", ReplyCanary));
        Assert.Contains(ReplyCanary, replied.Text, StringComparison.Ordinal);
        // The support and detriment notes, sealed under the welfare key, are shown back in the welfare thread.
        var supported = await browser.SubmitAsync(replied, "support", ("support-details", SupportCanary));
        var treated = await browser.SubmitAsync(supported, "treatment", ("treatment-details", TreatmentCanary));
        Assert.Contains(SupportCanary, treated.Text, StringComparison.Ordinal);
        Assert.Contains(TreatmentCanary, treated.Text, StringComparison.Ordinal);
        await browser.GetAsync("/no-such-page");

        var server = await PostgresServer.GetAsync();
        var dump = await server.DumpAsync(app.AdminConnectionString);
        var logs = app.Logs.Text;
        var serverLog = server.ReadServerLog();

        // The search is only meaningful if the dump holds the case and the logs are verbose.
        Assert.Contains("CaseMessages", dump, StringComparison.Ordinal);
        Assert.Contains("WelfareMessages", dump, StringComparison.Ordinal);
        Assert.Contains("Demo Constabulary", dump, StringComparison.Ordinal);
        Assert.Contains("/status/inbox", logs, StringComparison.Ordinal);
        Assert.True(app.Logs.Count > 50, $"Only {app.Logs.Count} log lines were captured; Trace logging is not on.");
        Assert.Contains("database system is ready to accept connections", serverLog, StringComparison.Ordinal);

        var secrets = Canaries.Values.Select(v => v.Split('\n')[0])
            .Append(ReplyCanary)
            .Append(SupportCanary)
            .Append(TreatmentCanary)
            .Append(receipt.Canonical)
            .Append(receipt.Display)
            .Append(receipt.Canonical[..24])
            .Append(ClientAddress)
            .Append(UserAgent)
            .Append("canary-agent-q7w3");
        foreach (var secret in secrets)
        {
            foreach (var form_ in Encodings(secret))
            {
                Assert.False(dump.Contains(form_, StringComparison.OrdinalIgnoreCase), $"The database dump contains '{secret}' (as '{form_}')");
                Assert.False(logs.Contains(form_, StringComparison.OrdinalIgnoreCase), $"The logs contain '{secret}' (as '{form_}')");
                Assert.False(serverLog.Contains(form_, StringComparison.OrdinalIgnoreCase), $"PostgreSQL's log contains '{secret}' (as '{form_}')");
            }
        }
    }

    /// <summary>The ways a string could hide in a dump or a log: as typed, base64 (at any alignment) and hex.</summary>
    internal static IEnumerable<string> Encodings(string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        yield return secret;
        yield return Convert.ToHexString(bytes);
        for (var offset = 0; offset < 3; offset++)
        {
            var shifted = new byte[offset].Concat(bytes).ToArray();
            var encoded = Convert.ToBase64String(shifted);
            // Drop the characters that depend on neighbouring bytes at either end.
            var start = offset == 0 ? 0 : (offset * 4 / 3) + 2;
            var core = encoded[start..^4];
            if (core.Length >= 8)
            {
                yield return core;
            }
        }
    }

    private static HttpClient ClientFromDistinctiveAddress(Uri baseAddress)
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = true,
            CookieContainer = new CookieContainer(),
            AllowAutoRedirect = true,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Parse(ClientAddress), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        var client = new HttpClient(handler) { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        return client;
    }
}
