using Quartz;
using ReportPortal.Core.Database;

namespace ReportPortal.Workflow.Scheduling;

public static class WorkflowHealth
{
    /// <summary>
    /// /healthz: 200 only when the database answers and the scheduler runs on its persistent, clustered
    /// store; the body names the job-store state (no case, no address, nothing else).
    /// </summary>
    public static IEndpointRouteBuilder MapWorkflowHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", async (ReportPortalDbContext db, ISchedulerFactory schedulers, CancellationToken cancellationToken) =>
        {
            var database = await db.Database.CanConnectAsync(cancellationToken);
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            var meta = await scheduler.GetMetadata(cancellationToken);
            var status = await scheduler.GetStatus(cancellationToken);
            var healthy = database && status == SchedulerStatus.Running && meta.JobStorePersistent && meta.JobStoreClustered;
            return Results.Json(
                new
                {
                    status = healthy ? "ok" : "unhealthy",
                    database = database ? "ok" : "unavailable",
                    scheduler = status.ToString().ToLowerInvariant(),
                    jobStore = meta.JobStorePersistent ? "persistent" : "in-memory",
                    clustered = meta.JobStoreClustered,
                },
                statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        return endpoints;
    }
}
