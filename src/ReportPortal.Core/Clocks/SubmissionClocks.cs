using ReportPortal.Core.Cases;
using ReportPortal.Core.Forces;

namespace ReportPortal.Core.Clocks;

/// <summary>The clocks that start when a report arrives (DESIGN §5), dated by <see cref="ClockRules"/>.</summary>
public static class SubmissionClocks
{
    public static List<Deadline> Start(
        Guid caseId, DateOnly submittedOn, ClockSettings clocks, bool welfareNeeded, WorkingCalendar calendar)
    {
        var (acknowledgeBy, acknowledgeEscalation) = ClockRules.Acknowledgement(submittedOn, clocks);
        var (feedbackBy, feedbackEscalation) = ClockRules.Feedback(submittedOn, acknowledgedOn: null, clocks);
        var deadlines = new List<Deadline>
        {
            new() { CaseId = caseId, Kind = DeadlineKind.HumanAcknowledgement, DueOn = acknowledgeBy, EscalateOn = acknowledgeEscalation },
            new() { CaseId = caseId, Kind = DeadlineKind.FeedbackToReporter, DueOn = feedbackBy, EscalateOn = feedbackEscalation },
        };

        if (welfareNeeded)
        {
            deadlines.Add(new Deadline { CaseId = caseId, Kind = DeadlineKind.WelfareLeadAssignment, DueOn = ClockRules.WelfareAssignment(submittedOn, clocks, calendar) });
            deadlines.Add(new Deadline { CaseId = caseId, Kind = DeadlineKind.WelfareFirstContact, DueOn = ClockRules.WelfareFirstContact(submittedOn, clocks) });
        }

        deadlines.AddRange(ClockRules.CheckIns(submittedOn).Select(due => new Deadline { CaseId = caseId, Kind = DeadlineKind.RetaliationCheckIn, DueOn = due }));
        return deadlines;
    }
}
