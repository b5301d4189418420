using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ReportPortal.ReporterFace.Information;

public static class InformationSetup
{
    /// <summary>
    /// Binds ReportPortal:Service and refuses to start without it, so a deployment never shows a blank
    /// controller or contact on its privacy notice. Checked here, while the host is being built, rather than
    /// when it starts: a failure then is always this clear error, never lost in the host's shutdown.
    /// </summary>
    public static IServiceCollection AddInformation(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new ServiceOptions();
        configuration.GetSection(ServiceOptions.Section).Bind(options);
        var failures = Problems(options).ToList();
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(ServiceOptions.Section, typeof(ServiceOptions), failures);
        }

        services.AddSingleton(options);
        return services;
    }

    private static IEnumerable<string> Problems(ServiceOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        foreach (var result in results)
        {
            yield return $"{ServiceOptions.Section}:{string.Join(", ", result.MemberNames)}: {result.ErrorMessage}";
        }

        if (!string.IsNullOrWhiteSpace(options.OnionAddress)
            && !(Uri.TryCreate(options.OnionAddress, UriKind.Absolute, out var onion) && IsOnionAddress(onion)))
        {
            yield return $"{ServiceOptions.Section}:OnionAddress must be an http or https address ending in .onion.";
        }
    }

    // A mistyped clearnet address here would send reporters who want Tor somewhere else entirely.
    private static bool IsOnionAddress(Uri address) =>
        (address.Scheme == Uri.UriSchemeHttp || address.Scheme == Uri.UriSchemeHttps)
        && address.Host.EndsWith(".onion", StringComparison.OrdinalIgnoreCase);
}
