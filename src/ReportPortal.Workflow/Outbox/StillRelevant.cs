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
        var cases = (await ClockFacts.LoadAsync(db, db.Cases.Where(c => caseIds.Contains(c.Id)), cancellationToken)).ToDictionary(c => c.CaseId);
        var settings = await ClockFacts.SettingsAsync(db, cases.Values.Select(c => c.ForceId), cancellationToken);

        return notification =>
        {
            if (!cases.TryGetValue(notification.CaseId, out var @case) || @case.Facts.ClosedOn is not null || @case.Facts.Withdrawn)
            {
                return false;
            }

            if (notification.Clock is not { } kind)
            {
                return true;
            }

            var state = ClockRules.Evaluate(@case.Facts, settings[@case.ForceId], calendar, today).FirstOrDefault(c => c.Kind == kind);
            return state is { Stage: ClockStage.Escalated or ClockStage.Overdue or ClockStage.Running };
        };
    }
}
