using Quartz;
using ReportPortal.Core.Database;
using ReportPortal.Core.Operations;
using ReportPortal.Workflow.Clocks;
using ReportPortal.Workflow.Outbox;

namespace ReportPortal.Workflow.Scheduling;

/// <summary>Raises clock notices. One at a time across the cluster: Quartz holds the job's row while it runs.</summary>
[DisallowConcurrentExecution]
public sealed class ClockJob(ClockNotices notices, ReportPortalDbContext db, TimeProvider time) : IJob
{
    public const string Name = "clock-notices";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await JobRecord.RunAsync(db, time, Name, notices.RaiseAsync, cancellationToken);
}

/// <summary>Gathers digests and sends those due.</summary>
[DisallowConcurrentExecution]
public sealed class OutboxJob(DigestSender sender, ReportPortalDbContext db, TimeProvider time) : IJob
{
    public const string Name = "staff-email-outbox";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await JobRecord.RunAsync(db, time, Name, async ct =>
        {
            await sender.GatherAsync(ct);
            await sender.SendDueAsync(ct);
        }, cancellationToken);
}

/// <summary>Wraps a job's work with the WorkflowRuns record the operators' page reads.</summary>
public static class JobRecord
{
    public static async Task RunAsync(ReportPortalDbContext db, TimeProvider time, string job, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        await WorkflowRuns.StartedAsync(db, job, time.GetUtcNow(), cancellationToken);
        try
        {
            await work(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            db.ChangeTracker.Clear();
            try
            {
                await WorkflowRuns.FailedAsync(db, job, time.GetUtcNow(), e, CancellationToken.None);
            }
            catch (Exception) when (e is Npgsql.NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
            {
                // The database itself is what failed: the failure cannot be recorded; Quartz logs it.
            }

            throw;
        }

        await WorkflowRuns.SucceededAsync(db, job, time.GetUtcNow(), cancellationToken);
    }
}
