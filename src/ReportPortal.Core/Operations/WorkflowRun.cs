using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReportPortal.Core.Database;

namespace ReportPortal.Core.Operations;

/// <summary>
/// How one workflow job last went, one row per job, written by whichever workflow node ran it, so
/// operators can see the workflow is alive from the staff face without reaching into the scheduler's
/// own tables. Nothing about a case or a person: a job name, times, counts and an exception type.
/// </summary>
public sealed class WorkflowRun
{
    /// <summary>The job's fixed name (ClockJob.Name, OutboxJob.Name).</summary>
    public required string Job { get; set; }

    public DateTimeOffset LastStartedAt { get; set; }

    public DateTimeOffset? LastSucceededAt { get; set; }

    public DateTimeOffset? LastFailedAt { get; set; }

    /// <summary>The last failure's exception type, never its message (messages can carry data).</summary>
    public string? LastFailure { get; set; }

    /// <summary>Failures since the last success.</summary>
    public int ConsecutiveFailures { get; set; }

    public long Runs { get; set; }
}

internal sealed class WorkflowRunConfiguration : IEntityTypeConfiguration<WorkflowRun>
{
    public void Configure(EntityTypeBuilder<WorkflowRun> builder)
    {
        builder.ToTable("WorkflowRuns");
        builder.HasKey(r => r.Job);
        builder.Property(r => r.Job).HasMaxLength(64);
        builder.Property(r => r.LastFailure).HasMaxLength(128);
    }
}

/// <summary>Records job runs with single atomic upserts, so two nodes never lose each other's counts.</summary>
public static class WorkflowRuns
{
    public static async Task StartedAsync(ReportPortalDbContext db, string job, DateTimeOffset at, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "WorkflowRuns" ("Job", "LastStartedAt", "ConsecutiveFailures", "Runs") VALUES ({job}, {at}, 0, 1)
            ON CONFLICT ("Job") DO UPDATE SET "LastStartedAt" = excluded."LastStartedAt", "Runs" = "WorkflowRuns"."Runs" + 1
            """, cancellationToken);

    public static async Task SucceededAsync(ReportPortalDbContext db, string job, DateTimeOffset at, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync($"""
            UPDATE "WorkflowRuns" SET "LastSucceededAt" = {at}, "ConsecutiveFailures" = 0 WHERE "Job" = {job}
            """, cancellationToken);

    public static async Task FailedAsync(ReportPortalDbContext db, string job, DateTimeOffset at, Exception failure, CancellationToken cancellationToken)
    {
        var type = failure.GetType().Name;
        await db.Database.ExecuteSqlAsync($"""
            UPDATE "WorkflowRuns" SET "LastFailedAt" = {at}, "LastFailure" = {type[..Math.Min(type.Length, 128)]},
                "ConsecutiveFailures" = "ConsecutiveFailures" + 1 WHERE "Job" = {job}
            """, cancellationToken);
    }
}
