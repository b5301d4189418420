using Microsoft.Extensions.Primitives;

namespace ReportPortal.ReporterFace.Safety;

/// <summary>
/// The host names the reporter face answers to (AllowedHosts, separated by semicolons, as in every
/// ASP.NET Core app). A request for any other host, or with none, gets the friendly 400 page. A wildcard
/// is refused: every name this service is reached by (its public name, its onion address) is known.
/// </summary>
public sealed class AllowedHosts(IReadOnlyList<string> names)
{
    public const string Setting = "AllowedHosts";

    private readonly IList<StringSegment> _names = names.Select(name => new StringSegment(name)).ToList();

    public IReadOnlyList<string> Names { get; } = names;

    /// <summary>Ports are ignored, as the framework's own host filter does.</summary>
    public bool Allows(HostString host) => host.HasValue && HostString.MatchesAny(host.Value, _names);

    public static AllowedHosts FromConfiguration(IConfiguration configuration)
    {
        var names = (configuration[Setting] ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
        {
            throw new InvalidOperationException($"{Setting} is empty: list the host names the reporter face is reached by, separated by semicolons.");
        }

        if (names.Any(name => name.Contains('*', StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"{Setting} may not use '*' on the reporter face: list its host names, separated by semicolons.");
        }

        return new AllowedHosts(names);
    }
}
