using Microsoft.Extensions.Configuration;
using ReportPortal.Core.Secrets;

namespace ReportPortal.Tests.Trust;

/// <summary>The per-process settings file sits where appsettings.json would: the environment still overrides it.</summary>
public sealed class SettingsFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rp-settings-").FullName;
    private readonly string _prefix = $"RPTEST{Guid.NewGuid():N}_";

    [Fact]
    public void An_environment_variable_overrides_the_file_and_the_file_fills_in_the_rest()
    {
        var path = Path.Combine(_folder, "workflow.json");
        File.WriteAllText(path, """{ "ReportPortal": { "Smtp": { "Host": "localhost", "Port": 25 } } }""");
        Environment.SetEnvironmentVariable(_prefix + "ReportPortal__Smtp__Port", "2525");

        var configuration = new ConfigurationManager();
        configuration.AddEnvironmentVariables(_prefix);
        configuration.AddReportPortalSettingsFile(path);

        Assert.Equal("2525", configuration["ReportPortal:Smtp:Port"]);
        Assert.Equal("localhost", configuration["ReportPortal:Smtp:Host"]);
    }

    [Fact]
    public void A_named_file_that_is_missing_stops_the_process_with_a_reason()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ConfigurationManager().AddReportPortalSettingsFile(Path.Combine(_folder, "absent.json")));

        Assert.Contains(SettingsFile.EnvironmentVariable, error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_prefix + "ReportPortal__Smtp__Port", null);
        Directory.Delete(_folder, recursive: true);
    }
}
