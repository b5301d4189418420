using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;
using ReportPortal.Core.Notifications;

namespace ReportPortal.Workflow.Outbox;

/// <summary>
/// Whether a notification still needs saying today: never about a closed case or a withdrawn report, and
/// never about a clock that has been met. Asked when a digest is gathered and again just before it is sent.
/// </summary>
public sealed class StillRelevant(ReportPortalDbContext db, WorkingCalendar calendar)
{
    public async Task<Func<Notification, bool>> ForAsync(IReadOnlyCollection<Notification> notifications, DateOnly today, CancellationToken cancellationToken)
    {
        var caseIds = notifications.Select(n => n.CaseId).Distinct().ToList();
        var cases = await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id))
            .Select(c => new { c.Id, c.ForceId, c.SubmittedOn, c.AcknowledgedOn, c.ClosedOn, c.Outcome, c.ReferralDecision })
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        var forceIds = cases.Values.Select(c => c.ForceId).Distinct().ToList();
        var clocks = await db.Forces.AsNoTracking().Where(f => forceIds.Contains(f.Id)).Select(f => new { f.Id, f.Clocks }).ToDictionaryAsync(f => f.Id, f => f.Clocks, cancellationToken);

        return notification =>
        {
            if (!cases.TryGetValue(notification.CaseId, out var @case) || @case.ClosedOn is not null || @case.Outcome == CaseOutcome.Withdrawn)
            {
                return false;
            }

            if (notification.Clock is not { } kind)
            {
                return true;
            }

            var facts = new CaseClockFacts
            {
                SubmittedOn = @case.SubmittedOn,
                AcknowledgedOn = @case.AcknowledgedOn,
                ReferralCriterionTickedOn = kind == DeadlineKind.IopcReferralDecision ? notification.ClockDueOn : null,
                ReferralDecidedOn = @case.ReferralDecision is null ? null : today,
            };
            var state = ClockRules.Evaluate(facts, clocks[@case.ForceId], calendar, today).FirstOrDefault(c => c.Kind == kind);
            return state is { Stage: ClockStage.Escalated or ClockStage.Overdue or ClockStage.Running };
        };
    }
}
