using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using ReportPortal.Core.Database;

namespace ReportPortal.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server every test in this process shares. Each test asks it
/// for a fresh, empty database of its own, so tests never see each other's data.
/// </summary>
/// <remarks>
/// By default a private cluster is started on first use and removed when the
/// process exits. Set <c>REPORTPORTAL_TEST_POSTGRES</c> to an admin connection
/// string to use an existing server instead.
/// </remarks>
public sealed partial class PostgresServer
{
    public const string AdminConnectionStringVariable = "REPORTPORTAL_TEST_POSTGRES";

    // Task.Run keeps the start-up off whichever test's synchronisation context
    // happens to ask first; a failed start is remembered rather than retried by
    // every test.
    private static readonly Lazy<Task<PostgresServer>> Shared = new(() => Task.Run(StartAsync));

    private readonly string _adminConnectionString;
    private readonly string? _binDirectory;
    private readonly LocalPostgresCluster? _cluster;
    private readonly ConcurrentBag<string> _createdDatabases = [];
    private int _stopped;

    private PostgresServer(string adminConnectionString, string? binDirectory, LocalPostgresCluster? cluster)
    {
        _adminConnectionString = adminConnectionString;
        _binDirectory = binDirectory;
        _cluster = cluster;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
    }

    public static Task<PostgresServer> GetAsync() => Shared.Value;

    /// <summary>The folder of the server's own log, when it is the private cluster (an external server's is not ours to read).</summary>
    public string? LogDirectory => _cluster?.LogDirectory;

    /// <summary>Everything the server has logged so far.</summary>
    public string ReadServerLog()
    {
        var directory = LogDirectory ?? throw new InvalidOperationException(
            $"The server log can only be read from the private test cluster; unset {AdminConnectionStringVariable}.");
        var files = Directory.GetFiles(directory);
        if (files.Length == 0)
        {
            throw new InvalidOperationException($"PostgreSQL wrote no log file in {directory}.");
        }

        return string.Concat(files.Select(file =>
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return new StreamReader(stream).ReadToEnd();
        }));
    }

    /// <summary>Called once every test has run (see <see cref="TestRunLifetime"/>).</summary>
    internal static void StopShared()
    {
        if (Shared.IsValueCreated && Shared.Value.IsCompletedSuccessfully)
        {
            Shared.Value.Result.Stop();
        }
    }

    /// <summary>The login roles the faces connect as in tests; created once per server, granted per database.</summary>
    public static readonly DatabaseRoles TestRoles = new("rp_test_reporter", "rp_test_staff", "rp_test_workflow");

    private const string TestRolePassword = "test-only-role-password";

    private Lazy<Task<string>>? _template;

    /// <summary>
    /// A fresh database copied from one template that is migrated (and granted to <see cref="TestRoles"/>)
    /// once per test run, so tests do not each pay for the migrations. Returns the admin connection string.
    /// </summary>
    public async Task<string> CreateMigratedDatabaseAsync()
    {
        // Made once, by whichever test asks first; a failure is remembered rather than retried by every test.
        var template = await LazyInitializer.EnsureInitialized(ref _template, () => new(() => Task.Run(CreateTemplateAsync))).Value;
        var name = "test_" + Guid.NewGuid().ToString("N");
        await ExecuteAsAdminAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        _createdDatabases.Add(name);
        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>The same database, connected as <paramref name="role"/>.</summary>
    public static string AsRole(string connectionString, string role) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Username = role, Password = TestRolePassword, IncludeErrorDetail = false }.ConnectionString;

    private async Task<string> CreateTemplateAsync()
    {
        foreach (var role in new[] { TestRoles.ReporterRole, TestRoles.StaffRole, TestRoles.WorkflowRole })
        {
            await ExecuteAsAdminAsync(
                $"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN " +
                $"CREATE ROLE {role} LOGIN PASSWORD '{TestRolePassword}'; END IF; END $$");
        }

        var name = "template_" + Guid.NewGuid().ToString("N");
        await ExecuteAsAdminAsync($"CREATE DATABASE \"{name}\"");
        _createdDatabases.Add(name);

        // No pooling: CREATE DATABASE ... TEMPLATE refuses while any connection to the template is open.
        var connection = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name, Pooling = false }.ConnectionString;
        await using var db = new ReportPortalDbContext(new DbContextOptionsBuilder<ReportPortalDbContext>()
            .UseNpgsql(connection)
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning))
            .Options);
        await db.Database.MigrateAsync();
        await DatabasePrivileges.ApplyAsync(db, TestRoles);
        return name;
    }

    /// <summary>Creates an empty database with a random name and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "test_" + Guid.NewGuid().ToString("N");
        await ExecuteAsAdminAsync($"CREATE DATABASE \"{name}\"");
        _createdDatabases.Add(name);
        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Returns a plain-SQL dump (schema and data) of the database the connection string points at.</summary>
    public Task<string> DumpAsync(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(target.Database))
        {
            throw new ArgumentException("The connection string names no database.", nameof(connectionString));
        }

        var pgDump = _binDirectory is null ? "pg_dump" : Path.Combine(_binDirectory, "pg_dump");
        return ExternalProcess.RunAsync(
            pgDump, ["--format=plain", "--no-password"], Path.GetTempPath(), LibpqEnvironment(target));
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable(AdminConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            return new PostgresServer(external, PostgresBinaries.FindNewest(), cluster: null);
        }

        var binDirectory = PostgresBinaries.FindNewest() ?? throw new InvalidOperationException(
            "No PostgreSQL server binaries under /usr/lib/postgresql. Install PostgreSQL (apt-get install postgresql), " +
            $"or set {AdminConnectionStringVariable} to an admin connection string for an existing server.");
        var cluster = await LocalPostgresCluster.StartAsync(binDirectory);
        return new PostgresServer(ClusterAdminConnectionString(cluster), binDirectory, cluster);
    }

    private static string ClusterAdminConnectionString(LocalPostgresCluster cluster) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = cluster.Port,
            Username = "postgres",
            Database = "postgres",
            // Tests want to see which row and value broke a constraint.
            IncludeErrorDetail = true,
        }.ConnectionString;

    private void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        if (_cluster is null)
        {
            DropCreatedDatabases();
        }
        else
        {
            _cluster.Stop();
        }
    }

    private async Task ExecuteAsAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    // A shared server outlives us, so leave it as we found it (a private
    // cluster is deleted whole instead). psql is detached for the same reason
    // as in LocalPostgresCluster: the test host may be killed at any moment now.
    private void DropCreatedDatabases()
    {
        if (_createdDatabases.IsEmpty)
        {
            return;
        }

        var admin = new NpgsqlConnectionStringBuilder(_adminConnectionString);
        List<string> arguments = ["--no-psqlrc", "--quiet"];
        foreach (var name in _createdDatabases)
        {
            arguments.AddRange(["--command", $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"]);
        }

        var psql = _binDirectory is null ? "psql" : Path.Combine(_binDirectory, "psql");
        ExternalProcess.StartDetached(psql, arguments, LibpqEnvironment(admin));
    }

    // libpq tools take connection settings from the environment, which keeps
    // the password off their command line.
    private static Dictionary<string, string> LibpqEnvironment(NpgsqlConnectionStringBuilder connection)
    {
        var environment = new Dictionary<string, string>
        {
            ["PGHOST"] = connection.Host ?? "127.0.0.1",
            ["PGPORT"] = connection.Port.ToString(CultureInfo.InvariantCulture),
        };
        if (!string.IsNullOrEmpty(connection.Database))
        {
            environment["PGDATABASE"] = connection.Database;
        }

        if (!string.IsNullOrEmpty(connection.Username))
        {
            environment["PGUSER"] = connection.Username;
        }

        if (!string.IsNullOrEmpty(connection.Password))
        {
            environment["PGPASSWORD"] = connection.Password;
        }

        return environment;
    }
}
