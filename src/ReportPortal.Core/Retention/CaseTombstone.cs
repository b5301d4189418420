using ReportPortal.Core.Cases;

namespace ReportPortal.Core.Retention;

/// <summary>
/// What is left of a shredded case: enough for statistics (which force, how it ended, the months it was
/// submitted and closed, whether its acknowledgement and feedback came on time, the day it was shredded)
/// and nothing that could point at a reporter or a case. No case id, reference, category, identity mode or
/// day of the month.
/// </summary>
public sealed class CaseTombstone
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid ForceId { get; set; }

    public CaseOutcome? Outcome { get; set; }

    /// <summary>The first day of the month the case was submitted in.</summary>
    public DateOnly SubmittedMonth { get; set; }

    /// <summary>The first day of the month the case was closed in.</summary>
    public DateOnly ClosedMonth { get; set; }

    public DateOnly ShreddedOn { get; set; }

    /// <summary>
    /// The retention keys the case's grants were wrapped under at the shred: until each is retired, a backup
    /// taken before the shred still opens the case. Shared by every case of a period, so it says nothing of this one.
    /// </summary>
    public string[] RetentionKeyIds { get; set; } = [];

    /// <summary>
    /// The acknowledgement clock's verdict when the case was shredded (<see cref="Statistics.ClockVerdicts"/>):
    /// true on time, false late, null when it never fell due (or the tombstone predates the column).
    /// </summary>
    public bool? AcknowledgedOnTime { get; set; }

    /// <summary>The feedback clock's verdict when the case was shredded, as for <see cref="AcknowledgedOnTime"/>.</summary>
    public bool? FeedbackOnTime { get; set; }

    public static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);
}
