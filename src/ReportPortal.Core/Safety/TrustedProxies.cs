using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace ReportPortal.Core.Safety;

/// <summary>
/// Forwarded addresses are believed only from the reverse proxies in ReportPortal:TrustedProxies
/// (addresses or CIDR ranges). Anyone can write X-Forwarded-For, and believing it from a stranger would
/// let them pick their own rate-limit key or silence the force-network warning.
/// </summary>
public static class TrustedProxies
{
    public const string Section = "ReportPortal:TrustedProxies";

    public static void Configure(WebApplicationBuilder builder)
    {
        // This switch makes the host add its own forwarded-headers middleware, which believes everyone.
        if (builder.Configuration.GetValue<bool>("ForwardedHeaders_Enabled"))
        {
            throw new InvalidOperationException(
                "ASPNETCORE_FORWARDEDHEADERS_ENABLED would believe forwarded addresses from any client; " +
                $"unset it and list the reverse proxies in {Section} instead.");
        }

        var ranges = Parse(builder.Configuration.GetSection(Section).Get<string[]>() ?? []);
        builder.Services.Configure<ForwardedHeadersOptions>(options => Restrict(options, ranges));
        builder.Services.AddSingleton(new TrustedProxyList(ranges));
    }

    /// <summary>
    /// With no proxy configured the middleware is not run at all: with empty lists it checks nothing and
    /// believes every client.
    /// </summary>
    public static void Use(WebApplication app)
    {
        if (app.Services.GetRequiredService<TrustedProxyList>().Ranges.Count > 0)
        {
            app.UseForwardedHeaders();
        }
    }

    /// <summary>
    /// Only X-Forwarded-For and -Proto, from the configured proxies only: never the host, so a redirect can
    /// never carry a client's host; Forwarded (RFC 7239) and X-Real-IP are not read at all. The framework's
    /// defaults trust loopback, and emptied lists would believe every client, so with no proxy configured
    /// no header is read at all and the lists are left as they are: the options are safe on their own, and
    /// <see cref="Use"/> also leaves the middleware out (ForwardedAddressTests, StaffProxyTests).
    /// </summary>
    internal static void Restrict(ForwardedHeadersOptions options, IReadOnlyList<IPNetwork> ranges)
    {
        if (ranges.Count == 0)
        {
            options.ForwardedHeaders = ForwardedHeaders.None;
            return;
        }

        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.ForwardLimit = 1;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var range in ranges)
        {
            options.KnownIPNetworks.Add(range);
        }
    }

    private static List<IPNetwork> Parse(IEnumerable<string> values)
    {
        var ranges = new List<IPNetwork>();
        foreach (var value in values)
        {
            if (IPAddress.TryParse(value, out var address))
            {
                ranges.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else if (IPNetwork.TryParse(value, out var range))
            {
                ranges.Add(range);
            }
            else
            {
                throw new InvalidOperationException($"{Section} has an entry that is neither an address nor a CIDR range: '{value}'.");
            }
        }

        return ranges;
    }

    private sealed record TrustedProxyList(IReadOnlyList<IPNetwork> Ranges);
}
