using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReportPortal.Core.Database;
using ReportPortal.Core.Forces;
using ReportPortal.Core.Secrets;
using ReportPortal.Crypto;
using ReportPortal.ReporterFace.Secrets;
using ReportPortal.Tests.Infrastructure;

namespace ReportPortal.Tests.TestHost;

/// <summary>
/// The reporter face as deployed: its own settings file from new-settings, connected as the reporter
/// database role to a fresh migrated database, with a clock the test controls and every log line
/// captured. The test itself inspects the database as the admin, never through the app's role.
/// </summary>
public sealed class ReporterApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly string _environment;

    private ReporterApp(string adminConnectionString, TestSettings settings, IReadOnlyDictionary<string, string?> extraSettings, bool kestrel, string environment)
    {
        _environment = environment;
        AdminConnectionString = adminConnectionString;
        Settings = settings;
        _settings = new Dictionary<string, string?>(TestSettings.Flatten(settings.Reporter))
        {
            ["ConnectionStrings:ReportPortal"] = PostgresServer.AsRole(adminConnectionString, PostgresServer.TestRoles.ReporterRole),
            ["Logging:LogLevel:Default"] = "Information",
            ["ReportPortal:Evidence:BlobFolder"] = EvidenceBlobFolder,
            ["ReportPortal:Evidence:TempRoot"] = EvidenceTempRoot,
        };
        foreach (var (name, value) in extraSettings)
        {
            _settings[name] = value;
        }

        if (kestrel)
        {
            Port = FreePort.Next();
            // Listened on in ConfigureWebHost rather than through UseKestrel(port), which allows no second listener.
            UseKestrel();
        }
    }

    public TestSettings Settings { get; }

    /// <summary>This app's own evidence folders (blobs, and the root of the private upload folders), shared with its staff face.</summary>
    public string EvidenceFolder { get; } = Path.Combine(Path.GetTempPath(), "rp-evidence-" + Guid.NewGuid().ToString("N"));

    public string EvidenceBlobFolder => Path.Combine(EvidenceFolder, "blobs");

    public string EvidenceTempRoot => Path.Combine(EvidenceFolder, "tmp");

    public KeyPair Escrow => Settings.Escrow;

    public RetentionKeys Retention => Settings.Retention;

    public ManualTimeProvider Clock { get; } = new();

    public CapturedLogs Logs { get; } = new();

    /// <summary>Set when the app runs on real Kestrel; tests then talk to it over loopback.</summary>
    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>The test's own view of the database, as its owner.</summary>
    public string AdminConnectionString { get; }

    /// <summary>Services put in place of the app's own, after them.</summary>
    public Action<IServiceCollection>? ExtraServices { get; private init; }

    /// <summary>A second Kestrel listener (for example the one only the Tor daemon would reach), when asked for.</summary>
    public int? ExtraPort { get; private init; }

    /// <param name="services">Replaces services after the app's own (a blob store that fails, for one).</param>
    /// <param name="database">An existing migrated database (admin connection string) to use instead of a fresh one on the shared server.</param>
    public static async Task<ReporterApp> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null, bool kestrel = false, string environment = "Production", int? extraPort = null,
        Action<IServiceCollection>? services = null, string? database = null)
    {
        database ??= await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync();
        var app = new ReporterApp(database, await TestSettings.CreateAsync(), settings ?? new Dictionary<string, string?>(), kestrel, environment)
        {
            ExtraPort = extraPort,
            ExtraServices = services,
        };
        await app.WithDatabaseAsync(async db =>
        {
            db.Forces.Add(new Force { Code = "demo", Name = "Demo Constabulary" });
            db.Forces.Add(new Force { Code = "closed", Name = "Closed Constabulary", AcceptsReports = false });
            await db.SaveChangesAsync();
        });
        if (kestrel)
        {
            app.StartServer();
        }
        else
        {
            _ = app.Server;
        }

        return app;
    }

    public static ReportPortalDbContext Database(string connectionString) => new(
        new DbContextOptionsBuilder<ReportPortalDbContext>()
            .UseNpgsql(connectionString)
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning))
            .Options);

    public async Task WithDatabaseAsync(Func<ReportPortalDbContext, Task> work)
    {
        await using var db = Database(AdminConnectionString);
        await work(db);
    }

    public async Task<T> WithDatabaseAsync<T>(Func<ReportPortalDbContext, Task<T>> work)
    {
        await using var db = Database(AdminConnectionString);
        return await work(db);
    }

    public ReporterSecrets Secrets => Services.GetRequiredService<ReporterSecrets>();

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
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            ExtraServices?.Invoke(services);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Settings.Dispose();
            if (Directory.Exists(EvidenceFolder))
            {
                Directory.Delete(EvidenceFolder, recursive: true);
            }

            // Every test database has its own connection pools (admin, reporter role, staff role); left
            // open, their idle connections add up to PostgreSQL's max_connections over a whole run.
            foreach (var role in new string?[] { null, PostgresServer.TestRoles.ReporterRole, PostgresServer.TestRoles.StaffRole })
            {
                using var connection = new Npgsql.NpgsqlConnection(role is null ? AdminConnectionString : PostgresServer.AsRole(AdminConnectionString, role));
                Npgsql.NpgsqlConnection.ClearPool(connection);
            }
        }
    }

    public async Task<int> CaseCountAsync() => await WithDatabaseAsync(db => db.Cases.CountAsync());
}
