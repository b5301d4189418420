extern alias workflow;

using Microsoft.EntityFrameworkCore;
using ReportPortal.Tests.Infrastructure;
using ReportPortal.Tests.TestHost;
using JobRecord = workflow::ReportPortal.Workflow.Scheduling.JobRecord;

namespace ReportPortal.Tests.Workflow;

/// <summary>Each workflow job run is recorded, as the workflow role, for the operators' page: starts, successes and failures.</summary>
public sealed class WorkflowRunsTests
{
    [Fact]
    public async Task A_run_is_counted_a_failure_is_recorded_by_its_type_only_and_a_success_clears_the_failure_count()
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync();
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
        await using var db = ReporterApp.Database(PostgresServer.AsRole(database, PostgresServer.TestRoles.WorkflowRole));

        await JobRecord.RunAsync(db, clock, "clock-notices", _ => Task.CompletedTask, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(1));
        await Assert.ThrowsAsync<InvalidOperationException>(() => JobRecord.RunAsync(db, clock, "clock-notices",
            _ => throw new InvalidOperationException("secret detail that must not be stored"), CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(1));
        await Assert.ThrowsAsync<TimeoutException>(() => JobRecord.RunAsync(db, clock, "clock-notices", _ => throw new TimeoutException(), CancellationToken.None));

        var failing = await db.WorkflowRuns.AsNoTracking().SingleAsync();
        Assert.Equal(3, failing.Runs);
        Assert.Equal(2, failing.ConsecutiveFailures);
        Assert.Equal("TimeoutException", failing.LastFailure);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero), failing.LastSucceededAt);
        Assert.Equal(clock.GetUtcNow(), failing.LastFailedAt);

        clock.Advance(TimeSpan.FromMinutes(1));
        await JobRecord.RunAsync(db, clock, "clock-notices", _ => Task.CompletedTask, CancellationToken.None);
        var recovered = await db.WorkflowRuns.AsNoTracking().SingleAsync();
        Assert.Equal(0, recovered.ConsecutiveFailures);
        Assert.Equal(clock.GetUtcNow(), recovered.LastSucceededAt);
        Assert.Equal(clock.GetUtcNow(), recovered.LastStartedAt);
        Assert.Equal(4, recovered.Runs);
        Npgsql.NpgsqlConnection.ClearPool((Npgsql.NpgsqlConnection)db.Database.GetDbConnection());
    }
}
