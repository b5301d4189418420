using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Accounts;

/// <summary>
/// Behind nginx, which ends TLS, the staff session cookie must still be Secure: the face believes nginx's
/// X-Forwarded-Proto, and only nginx's (ReportPortal:TrustedProxies), never a client's.
/// </summary>
public sealed class StaffProxyTests : ReporterAppTest
{
    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData(null, "127.0.0.1", false)]
    [InlineData("127.0.0.1", "192.0.2.7", false)]
    public async Task The_session_cookie_is_secure_only_when_a_trusted_proxy_says_the_request_came_over_https(string? trustedProxy, string from, bool secure)
    {
        var settings = new Dictionary<string, string?>();
        if (trustedProxy is not null)
        {
            settings["ReportPortal:TrustedProxies:0"] = trustedProxy;
        }

        await using var staff = new StaffApp(App, settings);
        await using var behindProxy = staff.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddSingleton<IStartupFilter>(new ConnectionFrom(IPAddress.Parse(from)))));
        var member = await App.AddStaffAsync("proxied", "4321");
        var client = behindProxy.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        var browser = new PageSession(client);

        var signIn = await browser.GetAsync("/staff/sign-in");
        var answer = await browser.SubmitAsync(signIn, "sign-in", ("email", member.Email!), ("password", StaffFixtures.Password("proxied")));

        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        // A path alone: behind nginx the face sees a host without the browser's port, so an absolute
        // address built from it would lead nowhere.
        Assert.Equal("/staff/sign-in/code", answer.Response.Headers.Location?.OriginalString);
        var cookie = Assert.Single(answer.Response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("rp_staff=", StringComparison.Ordinal));
        Assert.Equal(secure, cookie.Contains("secure", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The test server has no socket; this gives each request the peer address a real connection would.</summary>
    private sealed class ConnectionFrom(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                context.Connection.RemoteIpAddress = address;
                return following(context);
            });
            next(app);
        };
    }
}
