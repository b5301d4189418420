using Microsoft.Extensions.Options;

namespace ReportPortal.ReporterFace.Information;

public static class InformationSetup
{
    /// <summary>
    /// Binds ReportPortal:Service and refuses to start without it, so a deployment never shows a blank
    /// controller or contact on its privacy notice.
    /// </summary>
    public static IServiceCollection AddInformation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ServiceOptions>()
            .Bind(configuration.GetSection(ServiceOptions.Section))
            .ValidateDataAnnotations()
            .Validate(
                options => string.IsNullOrWhiteSpace(options.OnionAddress)
                    || (Uri.TryCreate(options.OnionAddress, UriKind.Absolute, out var onion) && IsOnionAddress(onion)),
                $"{ServiceOptions.Section}:OnionAddress must be an http or https address ending in .onion.")
            .ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<ServiceOptions>>().Value);
        return services;
    }

    // A mistyped clearnet address here would send reporters who want Tor somewhere else entirely.
    private static bool IsOnionAddress(Uri address) =>
        (address.Scheme == Uri.UriSchemeHttp || address.Scheme == Uri.UriSchemeHttps)
        && address.Host.EndsWith(".onion", StringComparison.OrdinalIgnoreCase);
}
