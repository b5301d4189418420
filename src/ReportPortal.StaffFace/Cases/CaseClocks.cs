using ReportPortal.Core.Cases;

namespace ReportPortal.StaffFace.Cases;

/// <summary>The clocks a handler answers for, as the inbox shows them (DESIGN §5).</summary>
public static class CaseClocks
{
    public static readonly IReadOnlyList<DeadlineKind> InboxKinds =
        [DeadlineKind.HumanAcknowledgement, DeadlineKind.IopcReferralDecision, DeadlineKind.FeedbackToReporter, DeadlineKind.LongInvestigationReport];

    /// <summary>The earliest open inbox clock; stored on the case so the inbox sorts and finds overdue cases by index.</summary>
    public static DateOnly? NextDue(IEnumerable<Deadline> deadlines) =>
        deadlines.Where(d => d.MetOn is null && InboxKinds.Contains(d.Kind)).Select(d => (DateOnly?)d.DueOn).Min();
}
