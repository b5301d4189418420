using System.Globalization;
using System.Text.RegularExpressions;
using ReportPortal.ReporterFace.Safety;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Proxy;

/// <summary>
/// The reporter face behind real nginx, configured from deploy/nginx/reporter.conf as scripts/run-local
/// and production use it. Requests nginx refuses itself, before the face could see them, still get the
/// face's friendly page and echo nothing back; normal requests reach the face with the configured host
/// and nginx's own forwarding headers, never the client's.
/// </summary>
public sealed partial class NginxReporterTests : IAsyncLifetime
{
    private const string ServerName = "report.test";
    private const string Echo = "echo-canary-n4q8";
    private const string CannotRead = "Sorry, something went wrong with the form";
    private const string TooLarge = "What you sent is too large";
    private const string PoliceNetworkWarning = "You seem to be using a police network";

    private ReporterApp _app = default!;
    private NginxProxy _nginx = default!;

    public async Task InitializeAsync()
    {
        _app = await ReporterApp.StartAsync(new Dictionary<string, string?>
        {
            ["AllowedHosts"] = ServerName,
            // As in scripts/run-local: nginx on loopback is the one proxy the face believes.
            ["ReportPortal:TrustedProxies:0"] = "127.0.0.1",
            // nginx's address is a "force network" here, so a page shows whose address the face believed.
            ["ReportPortal:ForceNetworks:0"] = "127.0.0.0/8",
        }, kestrel: true);
        _nginx = await NginxProxy.StartAsync("reporter.conf", ServerName, _app.Port);
    }

    public async Task DisposeAsync()
    {
        if (_nginx is not null)
        {
            await _nginx.DisposeAsync();
        }

        await _app.DisposeAsync();
    }

    public static TheoryData<string, string, int, string> RefusedRequests => new()
    {
        { "no Host", $"GET /report HTTP/1.1\r\nUser-Agent: {Echo}\r\nX-Extra: {Echo}\r\n\r\n", 400, CannotRead },
        { "a malformed Host", $"GET /report HTTP/1.1\r\nHost: {Echo} bad\r\nUser-Agent: {Echo}\r\n\r\n", 400, CannotRead },
        { "two Hosts", $"GET /report HTTP/1.1\r\nHost: {ServerName}\r\nHost: {Echo}.example\r\nUser-Agent: {Echo}\r\n\r\n", 400, CannotRead },
        { "another host", $"GET /report HTTP/1.1\r\nHost: {Echo}.example\r\nUser-Agent: {Echo}\r\nConnection: close\r\n\r\n", 400, CannotRead },
        { "a header too large", $"GET /report HTTP/1.1\r\nHost: {ServerName}\r\nX-Big: {Echo}{new string('a', 9000)}\r\nUser-Agent: {Echo}\r\n\r\n", 431, CannotRead },
        { "a URI too long", $"GET /report?{Echo}={new string('a', 9000)} HTTP/1.1\r\nHost: {ServerName}\r\nUser-Agent: {Echo}\r\n\r\n", 414, CannotRead },
        { "a body over the limit", $"POST /report HTTP/1.1\r\nHost: {ServerName}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {SafetySetup.MaxRequestBodyBytes + 1}\r\nUser-Agent: {Echo}\r\n\r\n{Echo}=1", 413, TooLarge },
        { "no request line at all", $"{Echo}\r\n\r\n", 400, CannotRead },
    };

    [Theory]
    [MemberData(nameof(RefusedRequests))]
    public async Task A_request_nginx_refuses_gets_the_faces_friendly_page_and_echoes_nothing(string what, string request, int status, string friendly)
    {
        var response = await RawHttp.SendAsync(_nginx.Port, request);

        Assert.True(RawHttp.Status(response) == status, $"{what}: expected {status}, got:\n{response}");
        Assert.Contains(friendly, response, StringComparison.Ordinal);
        Assert.DoesNotContain(Echo, response, StringComparison.Ordinal);
        // nginx's own error page ends "<hr><center>nginx</center>".
        Assert.DoesNotContain("<center>", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_normal_request_reaches_the_face_with_nginxs_forwarding_headers_not_the_clients()
    {
        // The client claims an outside address and TLS; nginx replaces both with what it saw.
        var response = await RawHttp.SendAsync(_nginx.Port,
            $"GET /report HTTP/1.1\r\nHost: {ServerName}:{_nginx.Port}\r\nX-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Proto: https\r\nConnection: close\r\n\r\n");

        Assert.Equal(200, RawHttp.Status(response));
        // The face saw 127.0.0.1 (nginx's value, inside the configured force network), not 203.0.113.9.
        Assert.Contains(PoliceNetworkWarning, response, StringComparison.Ordinal);
        // The face saw plain http, so its cookies are not marked for https only and no HSTS is sent.
        var antiforgeryCookie = RawHttp.Header(response, "Set-Cookie");
        Assert.NotNull(antiforgeryCookie);
        Assert.DoesNotContain("secure", antiforgeryCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Null(RawHttp.Header(response, "Strict-Transport-Security"));
    }

    [Fact]
    public async Task Without_nginx_the_same_forged_address_would_have_been_believed()
    {
        // The control for the test above: straight to the face, which trusts loopback as its proxy, the
        // client's own X-Forwarded-For is taken, so the warning's presence above was nginx's doing.
        var response = await RawHttp.SendAsync(_app.Port,
            $"GET /report HTTP/1.1\r\nHost: {ServerName}\r\nX-Forwarded-For: 203.0.113.9\r\nConnection: close\r\n\r\n");

        Assert.Equal(200, RawHttp.Status(response));
        Assert.DoesNotContain(PoliceNetworkWarning, response, StringComparison.Ordinal);
    }

    [Fact]
    public void The_body_limit_in_nginx_is_the_faces_own()
    {
        var site = NginxProxy.Render("reporter.conf", new Dictionary<string, string> { ["LISTEN"] = "80", ["SERVER_NAME"] = ServerName, ["FACE"] = "127.0.0.1:5080" });

        var limit = BodyLimit().Match(site);

        Assert.True(limit.Success, "reporter.conf sets no client_max_body_size in kilobytes");
        Assert.Equal(SafetySetup.MaxRequestBodyBytes, long.Parse(limit.Groups[1].Value, CultureInfo.InvariantCulture) * 1024);
    }

    [Fact]
    public void The_upload_limit_in_nginx_is_the_faces_own_for_the_default_evidence_settings()
    {
        var site = NginxProxy.Render("reporter.conf", new Dictionary<string, string> { ["LISTEN"] = "80", ["SERVER_NAME"] = ServerName, ["FACE"] = "127.0.0.1:5080" });

        var limit = UploadLimit().Match(site);

        Assert.True(limit.Success, "reporter.conf sets no client_max_body_size in megabytes for /status/files and /report");
        Assert.Equal(new ReportPortal.Core.Evidence.EvidenceOptions().MaxUploadBytes, long.Parse(limit.Groups[1].Value, CultureInfo.InvariantCulture) * 1024 * 1024);
    }

    [GeneratedRegex(@"location ~ \^/\(status/files\|report\)\$ \{.*?client_max_body_size (\d+)m;", RegexOptions.Singleline)]
    private static partial Regex UploadLimit();

    [GeneratedRegex(@"client_max_body_size (\d+)k;")]
    private static partial Regex BodyLimit();
}
