using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReportPortal.Core.Database;
using ReportPortal.Core.Forces;
using ReportPortal.Core.Secrets;
using ReportPortal.Crypto;
using ReportPortal.Tests.Infrastructure;

namespace ReportPortal.Tests.TestHost;

/// <summary>
/// The reporter face on its own fresh PostgreSQL database, with fresh secrets, an escrow key pair the
/// test keeps, a clock the test controls and every log line captured.
/// </summary>
public sealed class ReporterApp : WebApplicationFactory<Program>
{
    private readonly string _connectionString;
    private readonly Dictionary<string, string?> _settings;

    private readonly string _environment;

    private ReporterApp(string connectionString, IReadOnlyDictionary<string, string?> extraSettings, bool kestrel, string environment)
    {
        _environment = environment;
        _connectionString = connectionString;
        var secrets = ServiceSecrets.Generate();
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:ReportPortal"] = connectionString,
            ["ReportPortal:EscrowPublicKey"] = Escrow.ExportPublicKeyPem(),
            ["Logging:LogLevel:Default"] = "Information",
        };
        foreach (var (name, value) in secrets)
        {
            _settings[$"{ServiceSecrets.Section}:{name}"] = value;
        }

        foreach (var (name, value) in extraSettings)
        {
            _settings[name] = value;
        }

        if (kestrel)
        {
            Port = FreePort.Next();
            // Listened on here rather than through UseKestrel(port), which allows no second listener.
            UseKestrel();
        }
    }

    public KeyPair Escrow { get; } = KeyPair.Generate();

    public ManualTimeProvider Clock { get; } = new();

    public CapturedLogs Logs { get; } = new();

    /// <summary>Set when the app runs on real Kestrel; tests then talk to it over loopback.</summary>
    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>A second Kestrel listener (for example the one only the Tor daemon would reach), when asked for.</summary>
    public int? ExtraPort { get; private init; }

    public static async Task<ReporterApp> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null, bool kestrel = false, string environment = "Production", int? extraPort = null)
    {
        var server = await PostgresServer.GetAsync();
        var app = new ReporterApp(await server.CreateDatabaseAsync(), settings ?? new Dictionary<string, string?>(), kestrel, environment)
        {
            ExtraPort = extraPort,
        };
        if (kestrel)
        {
            app.StartServer();
        }
        else
        {
            _ = app.Server;
        }

        await app.WithDatabaseAsync(async db =>
        {
            db.Forces.Add(new Force { Code = "demo", Name = "Demo Constabulary" });
            db.Forces.Add(new Force { Code = "closed", Name = "Closed Constabulary", AcceptsReports = false });
            await db.SaveChangesAsync();
        });
        return app;
    }

    public string ConnectionString => _connectionString;

    public async Task WithDatabaseAsync(Func<ReportPortalDbContext, Task> work)
    {
        using var scope = Services.CreateScope();
        await work(scope.ServiceProvider.GetRequiredService<ReportPortalDbContext>());
    }

    public async Task<T> WithDatabaseAsync<T>(Func<ReportPortalDbContext, Task<T>> work)
    {
        using var scope = Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<ReportPortalDbContext>());
    }

    public ServiceSecrets Secrets => Services.GetRequiredService<ServiceSecrets>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (name, value) in _settings)
        {
            builder.UseSetting(name, value);
        }

        builder.UseEnvironment(_environment);
        if (Port != 0)
        {
            builder.ConfigureKestrel(kestrel =>
            {
                kestrel.Listen(System.Net.IPAddress.Loopback, Port);
                if (ExtraPort is { } extraPort)
                {
                    kestrel.Listen(System.Net.IPAddress.Loopback, extraPort);
                }
            });
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public async Task<int> CaseCountAsync() => await WithDatabaseAsync(db => db.Cases.CountAsync());
}
