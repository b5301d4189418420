using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;
using ReportPortal.Core.Notifications;

namespace ReportPortal.Workflow.Clocks;

/// <summary>
/// Raises the acknowledgement clock's notices: at its escalation day and once it is overdue, to the case's
/// handlers (those holding a staff grant, so nobody named in the report). The stage is derived afresh from the
/// case's own dates and its force's settings on every run, so acknowledging or closing the case, or changing
/// a setting, takes effect at once; each notice is one row per recipient and due day (a unique index), so
/// any number of runs and nodes raise it once.
/// </summary>
public sealed class ClockNotices(ReportPortalDbContext db, WorkingCalendar calendar, TimeProvider time)
{
    public async Task<int> RaiseAsync(CancellationToken cancellationToken)
    {
        var today = UkCalendar.Today(time);
        var raised = 0;
        var forces = await db.Forces.AsNoTracking().Select(f => new { f.Id, f.Clocks }).ToListAsync(cancellationToken);
        foreach (var force in forces)
        {
            var escalatesFrom = today.AddDays(-force.Clocks.AcknowledgeEscalateAfterDays);
            var waiting = await db.Cases.AsNoTracking()
                .Where(c => c.ForceId == force.Id && c.AcknowledgedOn == null && c.ClosedOn == null && c.SubmittedOn <= escalatesFrom)
                .Select(c => new { c.Id, c.SubmittedOn, c.Outcome })
                .ToListAsync(cancellationToken);
            foreach (var @case in waiting)
            {
                var facts = new CaseClockFacts { SubmittedOn = @case.SubmittedOn, Withdrawn = @case.Outcome == CaseOutcome.Withdrawn };
                var clock = ClockRules.Evaluate(facts, force.Clocks, calendar, today).Single(c => c.Kind == DeadlineKind.HumanAcknowledgement);
                var kind = clock.Stage switch
                {
                    ClockStage.Escalated => NotificationKind.ClockEscalated,
                    ClockStage.Overdue => NotificationKind.ClockOverdue,
                    _ => (NotificationKind?)null,
                };
                if (kind is { } notice)
                {
                    raised += await RaiseAsync(@case.Id, notice, clock, today, cancellationToken);
                }
            }
        }

        return raised;
    }

    private Task<int> RaiseAsync(Guid caseId, NotificationKind kind, ClockState clock, DateOnly today, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Notifications" ("Id", "StaffMemberId", "Kind", "CaseId", "Clock", "ClockDueOn", "CreatedOn")
            SELECT gen_random_uuid(), h, {NotificationNames.Kind[kind]}, {caseId}, {StoredNames.DeadlineKind[clock.Kind]}, {clock.DueOn}, {today}
            FROM workflow_case_handlers({caseId}) AS h
            WHERE EXISTS (SELECT 1 FROM "StaffMembers" s WHERE s."Id" = h AND s."IsActive")
            ON CONFLICT ("CaseId", "StaffMemberId", "Kind", "Clock", "ClockDueOn") WHERE "Clock" IS NOT NULL DO NOTHING
            """, cancellationToken);
}
