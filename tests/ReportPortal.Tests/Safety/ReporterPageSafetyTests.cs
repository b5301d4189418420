using System.Net;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Forces;
using ReportPortal.ReporterFace.Safety;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Safety;

/// <summary>DESIGN §4 on every reporter page: no script, strict headers, no staff surface.</summary>
public sealed class ReporterPageSafetyTests : ReporterAppTest
{
    public static TheoryData<string> ReporterPages => new()
    {
        "/", "/report", "/status", "/status/inbox", "/not-found", "/no-such-page", "/accessibility", "/privacy", "/cookies", "/contact",
    };

    [Theory]
    [MemberData(nameof(ReporterPages))]
    public async Task Every_page_has_no_script_and_the_strict_headers(string path)
    {
        var page = await Browser.GetAsync(path);
        var headers = page.Response.Headers;

        Assert.DoesNotContain("<script", page.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(page.Document.QuerySelectorAll("script, [onload], [onclick], [onerror], iframe, object, embed"));
        var csp = Assert.Single(headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("no-referrer", Assert.Single(headers.GetValues("Referrer-Policy")));
        Assert.Contains("no-store", headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Equal("DENY", Assert.Single(headers.GetValues("X-Frame-Options")));
        Assert.False(headers.Contains("Server"));
    }

    [Theory]
    [MemberData(nameof(ReporterPages))]
    public async Task Pages_reference_nothing_outside_the_site(string path)
    {
        var page = await Browser.GetAsync(path);
        // A plain link to another site loads nothing until it is followed, and noreferrer keeps the page's address from it.
        var references = page.Document.QuerySelectorAll("[href]:not(a[rel~='noreferrer']):not(a[href^='mailto:']), [src], [action]")
            .SelectMany(e => new[] { e.GetAttribute("href"), e.GetAttribute("src"), e.GetAttribute("action") })
            .OfType<string>();

        Assert.All(references, reference => Assert.True(
            reference.StartsWith('/') || reference.StartsWith('#'),
            $"{path} refers to {reference}, which is not on this site"));
    }

    [Theory]
    [InlineData("/staff")]
    [InlineData("/staff/cases")]
    [InlineData("/api/v1/cases")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/api/docs")]
    public async Task The_reporter_face_has_no_staff_or_api_surface(string path)
    {
        var page = await Browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Contains("Page not found", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Style_sheets_may_be_cached_and_are_served_from_the_site()
    {
        var response = await Browser.Client.GetAsync("/assets/app.css");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("no-store", response.Headers.CacheControl?.ToString() ?? string.Empty, StringComparison.Ordinal);
        var css = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("GDS Transport", css, StringComparison.Ordinal);
        var urls = System.Text.RegularExpressions.Regex.Matches(css, @"url\(\s*['""]?([^'"")]*)").Select(m => m.Groups[1].Value);
        Assert.All(urls, url => Assert.False(url.Contains("//", StringComparison.Ordinal), $"The style sheet loads {url} from elsewhere"));
        Assert.DoesNotContain("@import", css, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cookies_are_http_only_and_same_site_strict()
    {
        var form = await Browser.GetAsync("/report");
        var cookies = form.Response.Headers.GetValues("Set-Cookie").ToList();

        Assert.NotEmpty(cookies);
        Assert.All(cookies, cookie =>
        {
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public async Task Cookies_are_secure_when_served_over_tls()
    {
        var client = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost/") });
        var response = await client.GetAsync("/report");

        Assert.All(response.Headers.GetValues("Set-Cookie"), cookie => Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Force_network_ranges_match_addresses_inside_them_only()
    {
        IPNetwork[] networks = [IPNetwork.Parse("10.20.0.0/16"), IPNetwork.Parse("2001:db8::/32")];

        Assert.True(ForceNetworks.Matches(networks, IPAddress.Parse("10.20.5.9")));
        Assert.True(ForceNetworks.Matches(networks, IPAddress.Parse("::ffff:10.20.5.9")));
        Assert.True(ForceNetworks.Matches(networks, IPAddress.Parse("2001:db8::1")));
        Assert.False(ForceNetworks.Matches(networks, IPAddress.Parse("10.21.0.1")));
        Assert.False(ForceNetworks.Matches(networks, null));
    }
}

/// <summary>The force-network warning needs a real client address, so these run on Kestrel.</summary>
public sealed class ForceNetworkWarningTests
{
    [Fact]
    public async Task A_request_from_a_force_network_is_warned_and_nothing_about_it_is_stored()
    {
        await using var app = await ReporterApp.StartAsync(new Dictionary<string, string?> { ["ReportPortal:ForceNetworks:0"] = "127.0.0.0/8" }, kestrel: true);
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        var page = await new PageSession(client).GetAsync("/report");

        Assert.Contains("You seem to be using a police network", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_from_elsewhere_is_not_warned()
    {
        await using var app = await ReporterApp.StartAsync(new Dictionary<string, string?> { ["ReportPortal:ForceNetworks:0"] = "10.0.0.0/8" }, kestrel: true);
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        var page = await new PageSession(client).GetAsync("/report");

        Assert.DoesNotContain("police network", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_range_an_administrator_keeps_on_the_force_page_is_warned_once_the_list_is_read_again()
    {
        await using var app = await ReporterApp.StartAsync(kestrel: true);
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        Assert.DoesNotContain("police network", (await new PageSession(client).GetAsync("/report")).Text, StringComparison.Ordinal);

        await app.WithDatabaseAsync(async db =>
        {
            var force = await db.Forces.SingleAsync(f => f.Code == "demo");
            db.ForceNetworkRanges.Add(new ForceNetworkRange { ForceId = force.Id, Cidr = "127.0.0.0/8" });
            await db.SaveChangesAsync();
        });
        app.Clock.Advance(ForceNetworks.RefreshEvery);

        Assert.Contains("You seem to be using a police network", (await new PageSession(client).GetAsync("/report")).Text, StringComparison.Ordinal);
    }
}
