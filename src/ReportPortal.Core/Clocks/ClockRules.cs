using ReportPortal.Core.Cases;
using ReportPortal.Core.Forces;

namespace ReportPortal.Core.Clocks;

/// <summary>Where a clock stands on a given UK day.</summary>
public enum ClockStage
{
    /// <summary>Running, nothing to say yet.</summary>
    Running,

    /// <summary>Past its escalation day, not yet past its due day.</summary>
    Escalated,

    /// <summary>The due day has passed (a clock is due by the end of its due day, as the staff inbox shows it).</summary>
    Overdue,

    /// <summary>Done: the step it waits for has happened.</summary>
    Met,

    /// <summary>The case closed or the report was withdrawn: no reminder about it any more.</summary>
    Stopped,
}

/// <summary>What the clocks are computed from: the case's own dates, never its content.</summary>
public sealed record CaseClockFacts
{
    public required DateOnly SubmittedOn { get; init; }

    public DateOnly? AcknowledgedOn { get; init; }

    public DateOnly? ClosedOn { get; init; }

    public bool Withdrawn { get; init; }

    /// <summary>The day triage first ticked an IOPC referral criterion, if it did.</summary>
    public DateOnly? ReferralCriterionTickedOn { get; init; }

    public DateOnly? ReferralDecidedOn { get; init; }

    /// <summary>The day the reporter first received feedback (closing always gives it).</summary>
    public DateOnly? FeedbackGivenOn { get; init; }

    /// <summary>The day support was requested or a risk flagged (at submission, or later from the reporter's inbox).</summary>
    public DateOnly? WelfareNeededSince { get; init; }

    public DateOnly? WelfareLeadAssignedOn { get; init; }

    public DateOnly? WelfareFirstContactOn { get; init; }

    /// <summary>The last report to the local policing body about a long investigation.</summary>
    public DateOnly? LongInvestigationReportedOn { get; init; }
}

/// <summary>One clock of one case on one day.</summary>
/// <param name="MetOn">The day the step it waited for happened, if it has.</param>
public sealed record ClockState(DeadlineKind Kind, DateOnly DueOn, DateOnly? EscalateOn, ClockStage Stage, DateOnly? MetOn = null);

/// <summary>
/// The clocks of DESIGN §5 as pure rules over a case's dates, a force's <see cref="ClockSettings"/>, the
/// working-day calendar and the UK day. Nothing here reads the system clock: the caller passes "today"
/// (<see cref="UkCalendar.Today"/> of an injected <see cref="TimeProvider"/>), so the staff inbox and the
/// workflow compute the same answer from the same facts, and changing a setting or a date recomputes it.
/// </summary>
public static class ClockRules
{
    /// <summary>Retaliation check-ins, in months after submission; they go on after closure.</summary>
    public static readonly IReadOnlyList<int> CheckInMonths = [1, 3, 6, 12];

    public static (DateOnly DueOn, DateOnly EscalateOn) Acknowledgement(DateOnly submittedOn, ClockSettings settings) =>
        (submittedOn.AddDays(settings.AcknowledgeWithinDays), submittedOn.AddDays(settings.AcknowledgeEscalateAfterDays));

    /// <summary>Feedback runs from the acknowledgement; until there is one, from the day acknowledgement was due.</summary>
    public static (DateOnly DueOn, DateOnly EscalateOn) Feedback(DateOnly submittedOn, DateOnly? acknowledgedOn, ClockSettings settings)
    {
        var from = acknowledgedOn ?? submittedOn.AddDays(settings.AcknowledgeWithinDays);
        return (from.AddMonths(settings.FeedbackWithinMonths), from.AddDays(settings.FeedbackEscalateAfterDays));
    }

    /// <summary>The referral decision is due by the end of the next working day after a criterion is ticked.</summary>
    public static DateOnly ReferralDecision(DateOnly criterionTickedOn, WorkingCalendar calendar) =>
        calendar.AddWorkingDays(criterionTickedOn, 1);

    /// <summary>
    /// The report on a long investigation due now: at 12 months open, then every 6. Each due day is counted from
    /// the submission day itself (never from the previous due day), so a case filed on 31 January keeps
    /// month-end due days instead of drifting to the 28th. A due day passes to the next once a report was made
    /// on or after it, or once the next due day has come (a missed report is then owed at that one, so its
    /// reminders come every 6 months rather than once).
    /// </summary>
    public static DateOnly LongInvestigation(DateOnly submittedOn, DateOnly? lastReportedOn, ClockSettings settings, DateOnly today) =>
        submittedOn.AddMonths(LongInvestigationMonths(submittedOn, lastReportedOn, settings, today));

    /// <summary>
    /// The day <see cref="LongInvestigation"/> moves on to its next due day by the date alone (the next due day
    /// itself): until then its answer for any later "today" is the same. Only this clock changes with the day.
    /// </summary>
    public static DateOnly LongInvestigationMovesOn(DateOnly submittedOn, DateOnly? lastReportedOn, ClockSettings settings, DateOnly today) =>
        submittedOn.AddMonths(LongInvestigationMonths(submittedOn, lastReportedOn, settings, today) + Math.Max(1, settings.LongInvestigationRepeatMonths));

    private static int LongInvestigationMonths(DateOnly submittedOn, DateOnly? lastReportedOn, ClockSettings settings, DateOnly today)
    {
        var repeat = Math.Max(1, settings.LongInvestigationRepeatMonths);
        var months = settings.LongInvestigationFirstReportMonths;
        while ((lastReportedOn is { } reported && submittedOn.AddMonths(months) <= reported) || submittedOn.AddMonths(months + repeat) <= today)
        {
            months += repeat;
        }

        return months;
    }

    public static DateOnly WelfareAssignment(DateOnly neededSince, ClockSettings settings, WorkingCalendar calendar) =>
        calendar.AddWorkingDays(neededSince, settings.WelfareAssignWithinWorkingDays);

    public static DateOnly WelfareFirstContact(DateOnly neededSince, ClockSettings settings) =>
        neededSince.AddDays(settings.WelfareFirstContactWithinDays);

    public static IEnumerable<DateOnly> CheckIns(DateOnly submittedOn) => CheckInMonths.Select(submittedOn.AddMonths);

    /// <summary>The last day a reporter can still open a closed case with their receipt.</summary>
    public static DateOnly ReporterAccessEnds(DateOnly closedOn, ClockSettings settings) =>
        closedOn.AddMonths(settings.ReporterAccessEndsMonthsAfterClosure);

    public static bool ReporterAccessOpen(DateOnly? closedOn, ClockSettings settings, DateOnly today) =>
        closedOn is not { } closed || ReporterAccessEnds(closed, settings) >= today;

    public static ClockStage Stage(DateOnly dueOn, DateOnly? escalateOn, DateOnly? metOn, bool stopped, DateOnly today) =>
        metOn is not null && metOn <= today ? ClockStage.Met
        : stopped ? ClockStage.Stopped
        : today > dueOn ? ClockStage.Overdue
        : escalateOn is { } escalate && today >= escalate ? ClockStage.Escalated
        : ClockStage.Running;

    /// <summary>Every clock the case runs on <paramref name="today"/>, each with its stage.</summary>
    public static IReadOnlyList<ClockState> Evaluate(CaseClockFacts facts, ClockSettings settings, WorkingCalendar calendar, DateOnly today)
    {
        var ended = facts.Withdrawn || (facts.ClosedOn is { } closed && closed <= today);
        var clocks = new List<ClockState>();

        void Add(DeadlineKind kind, DateOnly due, DateOnly? escalate, DateOnly? metOn, bool stopped) =>
            clocks.Add(new ClockState(kind, due, escalate, Stage(due, escalate, metOn, stopped, today), metOn <= today ? metOn : null));

        var (ackDue, ackEscalate) = Acknowledgement(facts.SubmittedOn, settings);
        Add(DeadlineKind.HumanAcknowledgement, ackDue, ackEscalate, facts.AcknowledgedOn, ended);

        var (feedbackDue, feedbackEscalate) = Feedback(facts.SubmittedOn, facts.AcknowledgedOn, settings);
        Add(DeadlineKind.FeedbackToReporter, feedbackDue, feedbackEscalate, facts.FeedbackGivenOn, ended);

        if (facts.ReferralCriterionTickedOn is { } ticked)
        {
            Add(DeadlineKind.IopcReferralDecision, ReferralDecision(ticked, calendar), null, facts.ReferralDecidedOn, ended);
        }

        if (facts.AcknowledgedOn is not null)
        {
            Add(DeadlineKind.LongInvestigationReport, LongInvestigation(facts.SubmittedOn, facts.LongInvestigationReportedOn, settings, today), null, null, ended);
        }

        if (facts.WelfareNeededSince is { } needed)
        {
            Add(DeadlineKind.WelfareLeadAssignment, WelfareAssignment(needed, settings, calendar), null, facts.WelfareLeadAssignedOn, ended);
            Add(DeadlineKind.WelfareFirstContact, WelfareFirstContact(needed, settings), null, facts.WelfareFirstContactOn, ended);
        }

        // Check-ins go on after closure (retaliation can come later); only a withdrawn report stops them.
        foreach (var due in CheckIns(facts.SubmittedOn))
        {
            Add(DeadlineKind.RetaliationCheckIn, due, null, null, facts.Withdrawn);
        }

        return clocks;
    }
}
