using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Forces;
using ReportPortal.Tests.Infrastructure;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Safety;

/// <summary>PostgreSQL's own log: errors are logged, but never the statement, its parameters or a key value.</summary>
public sealed class PostgresLogTests
{
    private const string KeyCanary = "KEYCANARY-Q4W8";

    [Fact]
    public async Task A_unique_violation_is_logged_without_the_key_value_or_the_statement()
    {
        await using var app = await ReporterApp.StartAsync();
        await app.WithDatabaseAsync(async db =>
        {
            db.Forces.Add(new Force { Code = KeyCanary, Name = "First" });
            await db.SaveChangesAsync();
        });

        await Assert.ThrowsAsync<DbUpdateException>(() => app.WithDatabaseAsync(async db =>
        {
            db.Forces.Add(new Force { Code = KeyCanary, Name = "Second" });
            await db.SaveChangesAsync();
        }));

        var server = await PostgresServer.GetAsync();
        var log = await WaitForAsync(server, "duplicate key value violates unique constraint \"IX_Forces_Code\"");
        Assert.DoesNotContain(KeyCanary, log, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Key (", log, StringComparison.Ordinal);
        Assert.DoesNotContain("INSERT INTO", log, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("STATEMENT:", log, StringComparison.Ordinal);
    }

    /// <summary>The logging collector writes in its own time: wait for the line the test caused.</summary>
    private static async Task<string> WaitForAsync(PostgresServer server, string expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var log = server.ReadServerLog();
            if (log.Contains(expected, StringComparison.Ordinal))
            {
                return log;
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
