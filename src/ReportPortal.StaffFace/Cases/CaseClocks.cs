using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Forces;

namespace ReportPortal.StaffFace.Cases;

/// <summary>The clocks a handler answers for, as the inbox shows them (DESIGN §5).</summary>
public static class CaseClocks
{
    public static readonly IReadOnlyList<DeadlineKind> InboxKinds =
        [DeadlineKind.HumanAcknowledgement, DeadlineKind.IopcReferralDecision, DeadlineKind.FeedbackToReporter, DeadlineKind.LongInvestigationReport];

    /// <summary>The earliest open inbox clock; stored on the case so the inbox sorts and finds overdue cases by index.</summary>
    public static DateOnly? NextDue(IEnumerable<Deadline> deadlines) =>
        deadlines.Where(d => d.MetOn is null && InboxKinds.Contains(d.Kind)).Select(d => (DateOnly?)d.DueOn).Min();

    /// <summary>The inbox clocks still running on <paramref name="today"/>, earliest first, as <see cref="ClockRules"/> sees them.</summary>
    public static IReadOnlyList<InboxClock> Open(CaseClockFacts facts, ClockSettings settings, WorkingCalendar calendar, DateOnly today) =>
        ClockRules.Evaluate(facts, settings, calendar, today)
            .Where(c => InboxKinds.Contains(c.Kind) && c.Stage is ClockStage.Running or ClockStage.Escalated or ClockStage.Overdue)
            .OrderBy(c => c.DueOn)
            .Select(c => new InboxClock(c.Kind, c.DueOn, c.Stage == ClockStage.Overdue))
            .ToList();
}
