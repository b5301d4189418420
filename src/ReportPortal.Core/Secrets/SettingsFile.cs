using Microsoft.Extensions.Configuration;

namespace ReportPortal.Core.Secrets;

public static class SettingsFile
{
    public const string EnvironmentVariable = "REPORTPORTAL_SETTINGS";

    /// <summary>
    /// Adds the JSON settings file named by REPORTPORTAL_SETTINGS (secrets, escrow public key), so secrets
    /// can live in a file readable only by the service account instead of in the environment.
    /// </summary>
    public static IConfigurationBuilder AddReportPortalSettingsFile(this IConfigurationBuilder configuration)
    {
        var path = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(path))
        {
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"{EnvironmentVariable} names a settings file that does not exist.");
            }

            configuration.AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false);
        }

        return configuration;
    }
}
