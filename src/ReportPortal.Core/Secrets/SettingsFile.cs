using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;

namespace ReportPortal.Core.Secrets;

public static class SettingsFile
{
    public const string EnvironmentVariable = "REPORTPORTAL_SETTINGS";

    /// <summary>
    /// Adds the JSON settings file named by REPORTPORTAL_SETTINGS (secrets, escrow public key), so secrets
    /// can live in a file readable only by the service account instead of in the environment. It sits
    /// where appsettings.json would, before the environment variables, so an environment variable (as
    /// scripts/run-local and deployments set for addresses and ports) still overrides the file.
    /// </summary>
    public static IConfigurationBuilder AddReportPortalSettingsFile(this IConfigurationBuilder configuration) =>
        configuration.AddReportPortalSettingsFile(Environment.GetEnvironmentVariable(EnvironmentVariable));

    public static IConfigurationBuilder AddReportPortalSettingsFile(this IConfigurationBuilder configuration, string? path)
    {
        if (!string.IsNullOrWhiteSpace(path))
        {
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"{EnvironmentVariable} names a settings file that does not exist.");
            }

            var file = new JsonConfigurationSource { Path = Path.GetFullPath(path), Optional = false, ReloadOnChange = false };
            file.ResolveFileProvider();
            var environment = configuration.Sources.ToList().FindIndex(source => source is EnvironmentVariablesConfigurationSource);
            if (environment < 0)
            {
                configuration.Add(file);
            }
            else
            {
                configuration.Sources.Insert(environment, file);
            }
        }

        return configuration;
    }
}
