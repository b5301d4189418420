namespace ReportPortal.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of one test's own, for a test that stops and starts the server under running
/// processes (the shared server must never go down under other tests). Same binaries, settings and
/// test roles as the shared one; <see cref="PostgresServer.CreateMigratedDatabaseAsync"/> works on it.
/// </summary>
public sealed partial class PostgresServer : IDisposable
{
    private bool _dedicated;

    public static async Task<PostgresServer> StartDedicatedAsync()
    {
        var binDirectory = PostgresBinaries.FindNewest() ?? throw new InvalidOperationException(
            "A dedicated PostgreSQL server needs the server binaries under /usr/lib/postgresql (apt-get install postgresql).");
        var cluster = await LocalPostgresCluster.StartAsync(binDirectory);
        return new PostgresServer(ClusterAdminConnectionString(cluster), binDirectory, cluster) { _dedicated = true };
    }

    private LocalPostgresCluster DedicatedCluster =>
        _dedicated && _cluster is { } cluster
            ? cluster
            : throw new InvalidOperationException("Only a dedicated server may be stopped and started by a test.");

    /// <summary>A fast shutdown (what an operator's restart does): every connection is ended, committed work is kept.</summary>
    public Task StopServerAsync() => DedicatedCluster.StopServerAsync();

    /// <summary>Starts the stopped server again on the same port, so connection strings stay valid.</summary>
    public Task StartServerAgainAsync() => DedicatedCluster.StartAgainAsync();

    public void Dispose() => Stop();
}

internal sealed partial class LocalPostgresCluster
{
    public Task StopServerAsync() =>
        RunServerToolAsync("pg_ctl", ["stop", "--pgdata", DataDirectory, "--mode", "fast", "--wait", "--timeout", "60"]);

    public Task StartAgainAsync() => StartServerAsync(Port);
}
