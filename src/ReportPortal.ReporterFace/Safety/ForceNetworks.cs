using System.Data.Common;
using System.Net;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Database;

namespace ReportPortal.ReporterFace.Safety;

/// <summary>
/// Address ranges of force networks: those in ReportPortal:ForceNetworks (CIDR notation) plus those the
/// administrators keep on each force's page (the ForceNetworkRanges table), read again at most every
/// <see cref="RefreshEvery"/> by the injected clock. If the database cannot be read, the last list read
/// is kept and a page is still served: the warning is advice, not a gate.
/// </summary>
public sealed class ForceNetworks(IReadOnlyList<IPNetwork> configured, IServiceScopeFactory scopes, TimeProvider time, ILogger<ForceNetworks> logger) : IDisposable
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _loading = new(1, 1);
    private (IReadOnlyList<IPNetwork> Ranges, DateTimeOffset ReadAt)? _current;

    public async ValueTask<bool> ContainsAsync(IPAddress? address, CancellationToken cancellationToken) =>
        address is not null && Matches(await RangesAsync(cancellationToken), address);

    /// <summary>An IPv4 client seen through an IPv6 socket (::ffff:a.b.c.d) matches its IPv4 range.</summary>
    public static bool Matches(IReadOnlyList<IPNetwork> ranges, IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        var candidate = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return ranges.Any(range => range.Contains(candidate));
    }

    private async ValueTask<IReadOnlyList<IPNetwork>> RangesAsync(CancellationToken cancellationToken)
    {
        if (_current is { } fresh && time.GetUtcNow() - fresh.ReadAt < RefreshEvery)
        {
            return fresh.Ranges;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } loaded && time.GetUtcNow() - loaded.ReadAt < RefreshEvery)
            {
                return loaded.Ranges;
            }

            var ranges = await ReadAsync(cancellationToken) ?? _current?.Ranges ?? configured;
            _current = (ranges, time.GetUtcNow());
            return ranges;
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task<IReadOnlyList<IPNetwork>?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ReportPortalDbContext>();
            var stored = await db.ForceNetworkRanges.AsNoTracking().Select(r => r.Cidr).ToListAsync(cancellationToken);
            // The staff face checks each range as it is added; one that does not parse is skipped, not fatal.
            return [.. configured, .. stored.Select(Parse).OfType<IPNetwork>()];
        }
        catch (DbException)
        {
            logger.LogWarning("Force network ranges could not be read; the last list read stays in use.");
            return null;
        }
    }

    public void Dispose() => _loading.Dispose();

    private static IPNetwork? Parse(string value) => IPNetwork.TryParse(value, out var range) ? range : null;

    public static IReadOnlyList<IPNetwork> FromConfiguration(IConfiguration configuration)
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

        return ranges;
    }
}

/// <summary>Decides per request whether to warn; the answer lives only in the request, never in a log or table.</summary>
public static class ForceNetworkWarning
{
    private static readonly object Key = new();

    public static async Task EvaluateAsync(HttpContext context)
    {
        var networks = context.RequestServices.GetRequiredService<ForceNetworks>();
        if (await networks.ContainsAsync(context.Connection.RemoteIpAddress, context.RequestAborted))
        {
            context.Items[Key] = true;
        }
    }

    public static bool Applies(HttpContext? context) => context?.Items.ContainsKey(Key) == true;
}
