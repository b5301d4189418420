using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Safety;

/// <summary>The Host header on real Kestrel, sent by hand: missing, unknown, malformed, and in redirects.</summary>
public sealed class HostHeaderTests : IAsyncLifetime
{
    private const string Echo = "echo-canary-h7k2";
    private const string Friendly = "Sorry, something went wrong with the form";

    private ReporterApp _app = default!;

    public async Task InitializeAsync() => _app = await ReporterApp.StartAsync(kestrel: true);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:80")]
    [InlineData("127.0.0.1.evil.example")]
    public async Task An_unknown_host_gets_the_friendly_400_page_without_the_host_or_any_header(string host)
    {
        var response = await SendAsync($"GET /report HTTP/1.1\r\nHost: {host}\r\nUser-Agent: {Echo}\r\nX-Extra: {Echo}\r\nConnection: close\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400", response, StringComparison.Ordinal);
        Assert.Contains(Friendly, response, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", response, StringComparison.Ordinal);
        Assert.DoesNotContain(Echo, response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_with_no_host_at_all_gets_the_friendly_400_page()
    {
        // HTTP/1.0 allows leaving the host out, so it reaches the app.
        var response = await SendAsync($"GET /report HTTP/1.0\r\nUser-Agent: {Echo}\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400", response, StringComparison.Ordinal);
        Assert.Contains(Friendly, response, StringComparison.Ordinal);
        Assert.DoesNotContain(Echo, response, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Host: bad host\r\n")]
    [InlineData("Host: a\r\nHost: b\r\n")]
    public async Task Kestrel_refuses_an_http_1_1_request_without_a_valid_host_with_an_empty_400(string hostLines)
    {
        // Kestrel answers these itself, before any application code runs: no page, but nothing echoed.
        // Behind nginx, as deployed, they get the friendly page (see Proxy/NginxReporterTests).
        var response = await SendAsync($"GET /report HTTP/1.1\r\n{hostLines}User-Agent: {Echo}\r\nConnection: close\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400", response, StringComparison.Ordinal);
        Assert.Contains("Content-Length: 0", response, StringComparison.Ordinal);
        Assert.DoesNotContain(Echo, response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redirects_name_a_path_only_never_the_host_the_client_sent()
    {
        var response = await SendAsync($"GET /status/inbox HTTP/1.1\r\nHost: localhost:{_app.Port}\r\nConnection: close\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 302", response, StringComparison.Ordinal);
        Assert.Contains("\r\nLocation: /status\r\n", response, StringComparison.Ordinal);
    }

    private Task<string> SendAsync(string request) => RawHttp.SendAsync(_app.Port, request);
}
