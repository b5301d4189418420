extern alias staff;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReportPortal.Tests.Infrastructure;
using StaffProgram = staff::Program;

namespace ReportPortal.Tests.TestHost;

/// <summary>
/// The staff face as deployed: its own settings file (staff.json from the same new-settings run as the
/// reporter face it is paired with), connected as the staff database role to the same database, with its
/// own clock and captured logs. Intake runs only when a test asks for it.
/// </summary>
public sealed class StaffApp(ReporterApp reporter, IReadOnlyDictionary<string, string?>? extraSettings = null) : WebApplicationFactory<StaffProgram>
{
    public ReporterApp Reporter { get; } = reporter;

    /// <summary>Set once <see cref="StartOnKestrel"/> has run; a browser then talks to it over loopback.</summary>
    public int Port { get; private set; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>Serves on real Kestrel (a browser cannot reach the in-memory test server).</summary>
    public StaffApp StartOnKestrel()
    {
        Port = FreePort.Next();
        UseKestrel();
        StartServer();
        return this;
    }

    public ManualTimeProvider Clock => Reporter.Clock;

    public CapturedLogs Logs { get; } = new();

    public TestSettings Settings => Reporter.Settings;

    /// <summary>Services put in place of the app's own, after them (a blob store that fails, for one).</summary>
    public Action<IServiceCollection>? ExtraServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (name, value) in TestSettings.Flatten(Settings.Staff))
        {
            builder.UseSetting(name, value);
        }

        builder.UseSetting("ConnectionStrings:ReportPortal", PostgresServer.AsRole(Reporter.AdminConnectionString, PostgresServer.TestRoles.StaffRole));
        builder.UseSetting("ReportPortal:Intake:Enabled", "false");
        builder.UseSetting("ReportPortal:Shredding:Enabled", "false");
        builder.UseSetting("ReportPortal:Evidence:BlobFolder", Reporter.EvidenceBlobFolder);
        builder.UseSetting("ReportPortal:Evidence:TempRoot", Reporter.EvidenceTempRoot);
        foreach (var (name, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(name, value);
        }

        builder.UseEnvironment("Production");
        if (Port != 0)
        {
            builder.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, Port));
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            ExtraServices?.Invoke(services);
        });
    }
}
