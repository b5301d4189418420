using System.Net;
using ReportPortal.Crypto;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Safety;

/// <summary>
/// Forwarded-address headers are believed only from configured proxies. These run on Kestrel, where the
/// client really is 127.0.0.1, and use 10.9.9.9 (inside the configured force network) as the forged address.
/// </summary>
public sealed class ForwardedAddressTests
{
    private const string ForcedAddress = "10.9.9.9";
    private const string Warning = "You seem to be using a police network";

    public static TheoryData<string, string> ForgedHeaders => new()
    {
        { "X-Forwarded-For", ForcedAddress },
        { "Forwarded", $"for={ForcedAddress}" },
        { "X-Real-IP", ForcedAddress },
    };

    [Theory]
    [MemberData(nameof(ForgedHeaders))]
    public async Task Without_a_configured_proxy_no_forwarded_header_changes_the_warning(string header, string value)
    {
        await using var app = await StartAsync(trustLoopback: false);

        var page = await Session(app, (header, value)).GetAsync("/report");

        Assert.DoesNotContain(Warning, page.Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ForgedHeaders))]
    public async Task Without_a_configured_proxy_no_forwarded_header_changes_the_rate_limit_key(string header, string value)
    {
        await using var app = await StartAsync(trustLoopback: false);
        var plain = Session(app);
        await FailAsync(plain);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await FailAsync(plain)).Status);

        var forged = await FailAsync(Session(app, (header, value)));

        Assert.Equal(HttpStatusCode.TooManyRequests, forged.Status);
    }

    [Fact]
    public async Task From_a_configured_proxy_x_forwarded_for_is_believed()
    {
        await using var app = await StartAsync(trustLoopback: true);

        var warned = await Session(app, ("X-Forwarded-For", ForcedAddress)).GetAsync("/report");
        var direct = await Session(app).GetAsync("/report");

        Assert.Contains(Warning, warned.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Warning, direct.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task From_a_configured_proxy_each_forwarded_address_is_its_own_source()
    {
        await using var app = await StartAsync(trustLoopback: true);
        var first = Session(app, ("X-Forwarded-For", "203.0.113.1"));
        await FailAsync(first);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await FailAsync(first)).Status);

        var second = await FailAsync(Session(app, ("X-Forwarded-For", "203.0.113.2")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.Status);
    }

    [Theory]
    [InlineData("Forwarded", $"for={ForcedAddress}")]
    [InlineData("X-Real-IP", ForcedAddress)]
    public async Task Even_from_a_configured_proxy_only_x_forwarded_for_is_read(string header, string value)
    {
        await using var app = await StartAsync(trustLoopback: true);

        var page = await Session(app, (header, value)).GetAsync("/report");

        Assert.DoesNotContain(Warning, page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void With_no_proxy_configured_the_options_themselves_read_no_forwarded_header_and_keep_the_framework_lists()
    {
        var none = new Microsoft.AspNetCore.Builder.ForwardedHeadersOptions();
        Core.Safety.TrustedProxies.Restrict(none, []);
        Assert.Equal(Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.None, none.ForwardedHeaders);
        // Never emptied: empty lists would make the middleware believe any client.
        Assert.NotEmpty(none.KnownProxies.Cast<object>().Concat(none.KnownIPNetworks.Cast<object>()));

        var one = new Microsoft.AspNetCore.Builder.ForwardedHeadersOptions();
        Core.Safety.TrustedProxies.Restrict(one, [System.Net.IPNetwork.Parse("192.0.2.1/32")]);
        Assert.Empty(one.KnownProxies);
        Assert.Equal([System.Net.IPNetwork.Parse("192.0.2.1/32")], one.KnownIPNetworks);
        Assert.Equal(1, one.ForwardLimit);
    }

    [Fact]
    public async Task The_hosts_own_forwarded_headers_switch_is_refused_at_start_up()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => ReporterApp.StartAsync(
            new Dictionary<string, string?> { ["ForwardedHeaders_Enabled"] = "true" }));

        Assert.Contains("ASPNETCORE_FORWARDEDHEADERS_ENABLED", failure.ToString(), StringComparison.Ordinal);
    }

    private static Task<ReporterApp> StartAsync(bool trustLoopback)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ReportPortal:ForceNetworks:0"] = "10.0.0.0/8",
            // Two failures from one source are enough to be told to wait, so a test can see which key was used.
            ["ReportPortal:ReceiptAttempts:FailuresBeforeWaitPage"] = "2",
        };
        if (trustLoopback)
        {
            settings["ReportPortal:TrustedProxies:0"] = "127.0.0.1";
        }

        return ReporterApp.StartAsync(settings, kestrel: true);
    }

    private static PageSession Session(ReporterApp app, params (string Name, string Value)[] headers)
    {
        var client = new HttpClient { BaseAddress = app.BaseAddress };
        foreach (var (name, value) in headers)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation(name, value);
        }

        return new PageSession(client);
    }

    private static async Task<LoadedPage> FailAsync(PageSession session)
    {
        var status = await session.GetAsync("/status");
        return await session.SubmitAsync(status, "status", ("receipt", Receipt.Generate().Display));
    }
}
