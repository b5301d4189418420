using ReportPortal.Core.Clocks;
using ReportPortal.Core.Forces;

namespace ReportPortal.Core.Retention;

/// <summary>When a closed case is due to be shredded: pure rules over its dates and its force's settings.</summary>
public static class RetentionRules
{
    /// <summary>
    /// The first day the case may be shredded: its retention period after closure, and never while the
    /// reporter can still open it (a force that lets reporters in for longer than it keeps the case keeps
    /// the case until their access ends).
    /// </summary>
    public static DateOnly ShredFrom(DateOnly closedOn, int retentionMonths, ClockSettings clocks)
    {
        var periodEnds = closedOn.AddMonths(retentionMonths);
        var afterReporterAccess = ClockRules.ReporterAccessEnds(closedOn, clocks).AddDays(1);
        return periodEnds > afterReporterAccess ? periodEnds : afterReporterAccess;
    }

    public static bool IsDue(DateOnly closedOn, int retentionMonths, ClockSettings clocks, DateOnly today) =>
        ShredFrom(closedOn, retentionMonths, clocks) <= today;
}
