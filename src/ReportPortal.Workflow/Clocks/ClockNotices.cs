using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;
using ReportPortal.Core.Notifications;

namespace ReportPortal.Workflow.Clocks;

/// <summary>
/// Raises the escalation and overdue notices of every clock a case runs (DESIGN §5; retaliation check-ins are
/// the reporter's and are not raised here). Each stage is derived afresh from the case's own dates
/// (<see cref="ClockFacts"/>) and its force's settings on every run, so a met clock, a closed case, a withdrawn
/// report or a changed setting takes effect at once. Each notice is one row per recipient, clock and due day
/// (a unique index), so any number of runs and nodes raise it once.
/// </summary>
public sealed class ClockNotices(ReportPortalDbContext db, WorkingCalendar calendar, TimeProvider time)
{
    /// <summary>Who hears about a clock: the audiences of <c>workflow_clock_recipients</c>.</summary>
    public static class Audiences
    {
        public const string Handlers = "handlers";
        public const string ForceLeads = "force-leads";
        public const string WelfareLeads = "welfare-leads";
    }

    /// <summary>
    /// A case's clocks go to its handlers and the force lead; the welfare clocks to the case's welfare lead (or,
    /// with none, the force's welfare leads) only: welfare is kept apart from the case (DESIGN §3).
    /// </summary>
    public static IReadOnlyList<string>? AudiencesOf(DeadlineKind clock) => clock switch
    {
        DeadlineKind.HumanAcknowledgement or DeadlineKind.IopcReferralDecision or DeadlineKind.FeedbackToReporter
            or DeadlineKind.LongInvestigationReport => [Audiences.Handlers, Audiences.ForceLeads],
        DeadlineKind.WelfareLeadAssignment or DeadlineKind.WelfareFirstContact => [Audiences.WelfareLeads],
        _ => null,
    };

    public async Task<int> RaiseAsync(CancellationToken cancellationToken)
    {
        var today = UkCalendar.Today(time);
        var open = await ClockFacts.LoadAsync(db, db.Cases.Where(c => c.ClosedOn == null && c.Outcome != CaseOutcome.Withdrawn), cancellationToken);
        var settings = await ClockFacts.SettingsAsync(db, open.Select(c => c.ForceId), cancellationToken);
        var raised = 0;
        foreach (var @case in open)
        {
            foreach (var clock in ClockRules.Evaluate(@case.Facts, settings[@case.ForceId], calendar, today))
            {
                var kind = clock.Stage switch
                {
                    ClockStage.Escalated => NotificationKind.ClockEscalated,
                    ClockStage.Overdue => NotificationKind.ClockOverdue,
                    _ => (NotificationKind?)null,
                };
                if (kind is { } notice && AudiencesOf(clock.Kind) is { } audiences)
                {
                    raised += await RaiseAsync(@case.CaseId, notice, clock, audiences, today, cancellationToken);
                }
            }
        }

        return raised;
    }

    private Task<int> RaiseAsync(Guid caseId, NotificationKind kind, ClockState clock, IReadOnlyList<string> audiences, DateOnly today, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Notifications" ("Id", "StaffMemberId", "Kind", "CaseId", "Clock", "ClockDueOn", "CreatedOn")
            SELECT gen_random_uuid(), r.member, {NotificationNames.Kind[kind]}, {caseId}, {StoredNames.DeadlineKind[clock.Kind]}, {clock.DueOn}, {today}
            FROM (SELECT DISTINCT h AS member FROM unnest({audiences.ToArray()}::text[]) AS a, workflow_clock_recipients({caseId}, a) AS h) AS r
            ON CONFLICT ("CaseId", "StaffMemberId", "Kind", "Clock", "ClockDueOn") WHERE "Clock" IS NOT NULL DO NOTHING
            """, cancellationToken);
}
