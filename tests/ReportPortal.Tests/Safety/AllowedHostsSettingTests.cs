using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Safety;

/// <summary>The reporter face will not start answering to any host name (the staff face: Accounts/StaffHostTests).</summary>
public sealed class AllowedHostsSettingTests
{
    [Theory]
    [InlineData("*")]
    [InlineData("")]
    [InlineData("report.example.police.uk;*")]
    public async Task The_reporter_face_refuses_to_start_with_a_wildcard_or_no_host_names(string hosts)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => ReporterApp.StartAsync(
            new Dictionary<string, string?> { ["AllowedHosts"] = hosts }));

        Assert.Contains("AllowedHosts", failure.ToString(), StringComparison.Ordinal);
        Assert.Contains("reporter face", failure.ToString(), StringComparison.Ordinal);
    }
}
