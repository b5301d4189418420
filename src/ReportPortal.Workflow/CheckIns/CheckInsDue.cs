using Microsoft.EntityFrameworkCore;
using Quartz;
using ReportPortal.Core.Cases;
using ReportPortal.Core.CheckIns;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;
using ReportPortal.Workflow.Scheduling;

namespace ReportPortal.Workflow.CheckIns;

/// <summary>
/// Makes retaliation check-ins due in reporters' inboxes: the latest check-in day of <see cref="ClockRules.CheckIns"/>
/// that has come, for every case not withdrawn whose reporter can still open it (closure does not stop them:
/// retaliation often comes later). A row holds only the case, the day and a template name: nothing is read
/// or sealed, so no key is needed. One row per case and due day (a unique index) makes it happen once
/// however many runs and nodes try. After a pause of the workflow only the latest missed one is sent, never
/// a burst of stale questions; and none is sent more than a month after the last one was due.
/// </summary>
public sealed class CheckInsDue(ReportPortalDbContext db, TimeProvider time)
{
    /// <summary>How late a check-in may still be sent after a pause of the workflow.</summary>
    public const int LatestMonthsLate = 1;

    public async Task<int> MakeDueAsync(CancellationToken cancellationToken)
    {
        var today = UkCalendar.Today(time);
        // A wide first cut (months end on different days); the rules below decide exactly.
        var submittedAfter = today.AddMonths(-(ClockRules.CheckInMonths[^1] + LatestMonthsLate)).AddDays(-7);
        var submittedBy = today.AddDays(-28 * ClockRules.CheckInMonths[0]);
        var made = 0;
        var forces = await db.Forces.AsNoTracking().Select(f => new { f.Id, f.Clocks }).ToListAsync(cancellationToken);
        foreach (var force in forces)
        {
            var cases = await db.Cases.AsNoTracking()
                .Where(c => c.ForceId == force.Id && c.SubmittedOn > submittedAfter && c.SubmittedOn <= submittedBy
                    && (c.Outcome == null || c.Outcome != CaseOutcome.Withdrawn))
                .Select(c => new { c.Id, c.SubmittedOn, c.ClosedOn, Latest = db.CheckIns.Where(i => i.CaseId == c.Id).Max(i => (DateOnly?)i.DueOn) })
                .ToListAsync(cancellationToken);
            foreach (var @case in cases.Where(c => ClockRules.ReporterAccessOpen(c.ClosedOn, force.Clocks, today)))
            {
                var due = ClockRules.CheckInMonths
                    .Select(months => (Months: months, DueOn: @case.SubmittedOn.AddMonths(months)))
                    .LastOrDefault(d => d.DueOn <= today && d.DueOn.AddMonths(LatestMonthsLate) >= today);
                if (due.DueOn == default || @case.Latest >= due.DueOn)
                {
                    continue;
                }

                made += await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO "CheckIns" ("Id", "CaseId", "DueOn", "Template", "SentOn")
                    VALUES ({Guid.NewGuid()}, {@case.Id}, {due.DueOn}, {StoredNames.CheckInTemplate[CheckInRules.TemplateFor(due.Months)]}, {today})
                    ON CONFLICT ("CaseId", "DueOn") DO NOTHING
                    """, cancellationToken);
            }
        }

        return made;
    }
}

/// <summary>Makes check-ins due. One at a time across the cluster: Quartz holds the job's row while it runs.</summary>
[DisallowConcurrentExecution]
public sealed class CheckInJob(CheckInsDue checkIns, ReportPortalDbContext db, TimeProvider time) : IJob
{
    public const string Name = "retaliation-check-ins";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await JobRecord.RunAsync(db, time, Name, checkIns.MakeDueAsync, cancellationToken);
}
