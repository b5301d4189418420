using System.Globalization;
using Npgsql;
using ReportPortal.Tests.Infrastructure;

namespace ReportPortal.Tests.Workflow;

/// <summary>
/// A migrated database of its own, a real SMTP server (aiosmtpd) and the workflow processes a test starts,
/// all on a controllable clock that begins on Friday 20 November 2026, late morning in London.
/// </summary>
public abstract class WorkflowTest : IAsyncLifetime
{
    private readonly List<WorkflowHost> _hosts = [];

    protected SmtpCatcher Smtp { get; } = SmtpCatcher.Start();

    protected ShiftedTimeProvider Clock { get; } = new(DateTimeOffset.Parse("2026-11-20T10:00:00Z", CultureInfo.InvariantCulture));

    protected string Database { get; private set; } = default!;

    public async Task InitializeAsync() => Database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync();

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        Smtp.Dispose();
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Builds and starts a workflow process (and with it the scheduler), on <paramref name="clock"/> or the test's own.</summary>
    protected WorkflowHost StartHost(TimeProvider? clock = null)
    {
        var host = new WorkflowHost(Database, Smtp.Port, clock ?? Clock);
        _hosts.Add(host);
        _ = host.Services;
        return host;
    }
}
