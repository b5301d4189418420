using ReportPortal.Core.Cases;
using ReportPortal.Core.Database;

namespace ReportPortal.Core.Notifications;

/// <summary>Why a member of staff is told something needs attention. Nothing more than this is ever said (DESIGN §5).</summary>
public enum NotificationKind
{
    /// <summary>A new report was granted to them at intake.</summary>
    CaseGranted,

    /// <summary>A clock of one of their cases reached its escalation day.</summary>
    ClockEscalated,

    /// <summary>A clock of one of their cases passed its due day.</summary>
    ClockOverdue,

    /// <summary>
    /// A reporter asked for support or said they are being treated badly (to the welfare lead and the handlers),
    /// or answered on the welfare thread (to the welfare lead only). Still sent to welfare leads after the case closes.
    /// </summary>
    WelfareAlert = 20,

    /// <summary>A welfare lead assigned a reporter's support to them.</summary>
    WelfareAssigned = 21,
    /// <summary>A handler asked to see a confidential reporter's identity: to the custodians who may decide.</summary>
    DisclosureRequested = 30,

    /// <summary>Custodians decided (or withdrew) the member's own request to see a reporter's identity.</summary>
    DisclosureDecided = 31,
    /// <summary>A handler asked for a case they hold (related reports): someone must grant or refuse.</summary>
    AccessRequested = 40,

    /// <summary>A holder granted or refused their request for a related case.</summary>
    AccessDecided = 41,
}

/// <summary>
/// One row of the staff email outbox: written in the same transaction as the change that causes it, then
/// gathered into a <see cref="NotificationDigest"/> per recipient and sent by the workflow process. It holds
/// no content: a recipient, a kind, the case (for the opaque link and the send-time check) and the clock.
/// </summary>
public sealed class Notification
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid StaffMemberId { get; set; }

    public NotificationKind Kind { get; set; }

    public Guid CaseId { get; set; }

    /// <summary>The clock it is about, for clock notices: a met clock is never reported.</summary>
    public DeadlineKind? Clock { get; set; }

    /// <summary>The clock's due day when raised, so each due day of a clock is announced once per recipient.</summary>
    public DateOnly? ClockDueOn { get; set; }

    /// <summary>Day granularity: a time of day here could say when a reporter acted.</summary>
    public DateOnly CreatedOn { get; set; }

    public Guid? DigestId { get; set; }

    /// <summary>Set when the clock was met or the case closed before it was sent: it is then never sent.</summary>
    public DateOnly? DroppedOn { get; set; }
}

/// <summary>One email to one member of staff, gathering their waiting notifications; sent at most once.</summary>
public sealed class NotificationDigest
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid StaffMemberId { get; set; }

    /// <summary>Fixed when the digest is made, so a resend after a crash mid-send carries the same Message-ID.</summary>
    public required string MessageId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>Everything in it went stale (met clocks, closed cases) before it could be sent.</summary>
    public DateTimeOffset? DroppedAt { get; set; }

    /// <summary>The last failure's SMTP status or exception type: never an address or any content.</summary>
    public string? LastFailure { get; set; }
}

public static class NotificationNames
{
    public static readonly FixedNames<NotificationKind> Kind = new(new Dictionary<NotificationKind, string>
    {
        [NotificationKind.CaseGranted] = "case-granted",
        [NotificationKind.ClockEscalated] = "clock-escalated",
        [NotificationKind.ClockOverdue] = "clock-overdue",
        [NotificationKind.WelfareAlert] = "welfare-alert",
        [NotificationKind.WelfareAssigned] = "welfare-assigned",
        [NotificationKind.DisclosureRequested] = "disclosure-requested",
        [NotificationKind.DisclosureDecided] = "disclosure-decided",
        [NotificationKind.AccessRequested] = "access-requested",
        [NotificationKind.AccessDecided] = "access-decided",
    });
}
