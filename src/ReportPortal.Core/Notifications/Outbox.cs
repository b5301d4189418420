using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;

namespace ReportPortal.Core.Notifications;

/// <summary>
/// Adds notifications to the outbox through the caller's own DbContext, so they are saved (or not) in the
/// same transaction as the change that causes them: a committed change always has its email, a rolled-back
/// one never does.
/// </summary>
public static class Outbox
{
    public static void CaseGranted(ReportPortalDbContext db, Guid caseId, IEnumerable<Guid> recipients, TimeProvider time) =>
        Tell(db, caseId, NotificationKind.CaseGranted, recipients, time);

    /// <summary>One content-free notification of <paramref name="kind"/> about the case to each recipient.</summary>
    public static void Tell(ReportPortalDbContext db, Guid caseId, NotificationKind kind, IEnumerable<Guid> recipients, TimeProvider time)
    {
        var today = UkCalendar.Today(time);
        db.Notifications.AddRange(recipients.Distinct().Select(recipient => new Notification
        {
            StaffMemberId = recipient,
            Kind = kind,
            CaseId = caseId,
            CreatedOn = today,
        }));
    }
}
