using System.Net;

namespace ReportPortal.ReporterFace.Safety;

/// <summary>Address ranges of force networks (ReportPortal:ForceNetworks, CIDR notation).</summary>
public sealed class ForceNetworks(IReadOnlyList<IPNetwork> ranges)
{
    public IReadOnlyList<IPNetwork> Ranges { get; } = ranges;

    public bool Contains(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        var candidate = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return Ranges.Any(range => range.Contains(candidate));
    }

    public static ForceNetworks FromConfiguration(IConfiguration configuration)
    {
        var values = configuration.GetSection("ReportPortal:ForceNetworks").Get<string[]>() ?? [];
        var ranges = new List<IPNetwork>();
        foreach (var value in values)
        {
            if (!IPNetwork.TryParse(value, out var range))
            {
                throw new InvalidOperationException($"ReportPortal:ForceNetworks has an entry that is not a CIDR range: '{value}'.");
            }

            ranges.Add(range);
        }

        return new ForceNetworks(ranges);
    }
}

/// <summary>Decides per request whether to warn; the answer lives only in the request, never in a log or table.</summary>
public static class ForceNetworkWarning
{
    private static readonly object Key = new();

    public static void Evaluate(HttpContext context)
    {
        var networks = context.RequestServices.GetRequiredService<ForceNetworks>();
        if (networks.Contains(context.Connection.RemoteIpAddress))
        {
            context.Items[Key] = true;
        }
    }

    public static bool Applies(HttpContext? context) => context?.Items.ContainsKey(Key) == true;
}
