using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;
using ReportPortal.Core.Notifications;

namespace ReportPortal.Workflow.Outbox;

/// <summary>
/// Whether a notification still needs saying today: never about a clock that has been met, and never about a
/// closed case or a withdrawn report, except welfare notices to a welfare lead (support goes on after closure). Asked when a digest is gathered and again just before it is sent.
/// </summary>
public sealed class StillRelevant(ReportPortalDbContext db, WorkingCalendar calendar)
{
    /// <summary>The stored name of the welfare-lead role (StaffFace StaffRoles.WelfareLead; this process does not reference the staff face).</summary>
    private const string WelfareLeadRole = "welfare-lead";

    private static readonly NotificationKind[] WelfareKinds = [NotificationKind.WelfareAlert, NotificationKind.WelfareAssigned];

    public async Task<Func<Notification, bool>> ForAsync(IReadOnlyCollection<Notification> notifications, DateOnly today, CancellationToken cancellationToken)
    {
        var caseIds = notifications.Select(n => n.CaseId).Distinct().ToList();
        var cases = (await ClockFacts.LoadAsync(db, db.Cases.Where(c => caseIds.Contains(c.Id)), cancellationToken)).ToDictionary(c => c.CaseId);
        var settings = await ClockFacts.SettingsAsync(db, cases.Values.Select(c => c.ForceId), cancellationToken);

        // Retaliation can come after a case closes: welfare notices still reach welfare leads then (never handlers).
        var recipientIds = notifications.Where(n => WelfareKinds.Contains(n.Kind)).Select(n => n.StaffMemberId).Distinct().ToList();
        var welfareLeads = (await db.StaffMemberRoles.AsNoTracking()
            .Where(r => recipientIds.Contains(r.StaffMemberId) && r.Role == WelfareLeadRole)
            .Select(r => r.StaffMemberId)
            .ToListAsync(cancellationToken)).ToHashSet();

        return notification =>
        {
            if (!cases.TryGetValue(notification.CaseId, out var @case))
            {
                return false;
            }

            if (@case.Facts.ClosedOn is not null || @case.Facts.Withdrawn)
            {
                return WelfareKinds.Contains(notification.Kind) && welfareLeads.Contains(notification.StaffMemberId);
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
