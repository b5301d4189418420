using Quartz;
using ReportPortal.Workflow.Clocks;
using ReportPortal.Workflow.Outbox;

namespace ReportPortal.Workflow.Scheduling;

/// <summary>Raises clock notices. One at a time across the cluster: Quartz holds the job's row while it runs.</summary>
[DisallowConcurrentExecution]
public sealed class ClockJob(ClockNotices notices) : IJob
{
    public const string Name = "clock-notices";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await notices.RaiseAsync(cancellationToken);
}

/// <summary>Gathers digests and sends those due.</summary>
[DisallowConcurrentExecution]
public sealed class OutboxJob(DigestSender sender) : IJob
{
    public const string Name = "staff-email-outbox";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await sender.GatherAsync(cancellationToken);
        await sender.SendDueAsync(cancellationToken);
    }
}
