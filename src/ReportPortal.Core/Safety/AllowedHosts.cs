using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace ReportPortal.Core.Safety;

/// <summary>
/// The host names a face answers to (AllowedHosts, separated by semicolons, as in every ASP.NET Core app).
/// A wildcard or an empty list is refused at start-up: every name a face is reached by (the reporter face's
/// public name and onion address, the staff face's internal name) is known, and answering to any name
/// would let a client choose the host the face builds its addresses from.
/// </summary>
public sealed class AllowedHosts(IReadOnlyList<string> names)
{
    public const string Setting = "AllowedHosts";

    private readonly IList<StringSegment> _names = names.Select(name => new StringSegment(name)).ToList();

    public IReadOnlyList<string> Names { get; } = names;

    /// <summary>Ports are ignored, as the framework's own host filter does.</summary>
    public bool Allows(HostString host) => host.HasValue && HostString.MatchesAny(host.Value, _names);

    /// <param name="face">Which face is starting ("reporter face", "staff face"), for the message.</param>
    public static AllowedHosts FromConfiguration(IConfiguration configuration, string face)
    {
        var names = (configuration[Setting] ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
        {
            throw new InvalidOperationException($"{Setting} is empty: list the host names the {face} is reached by, separated by semicolons.");
        }

        if (names.Any(name => name.Contains('*', StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"{Setting} may not use '*' on the {face}: list its host names, separated by semicolons.");
        }

        return new AllowedHosts(names);
    }
}
