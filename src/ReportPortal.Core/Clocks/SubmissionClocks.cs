using ReportPortal.Core.Cases;
using ReportPortal.Core.Forces;

namespace ReportPortal.Core.Clocks;

/// <summary>
/// The clock rows kept when a report arrives (DESIGN §5), dated by <see cref="ClockRules"/>: the welfare clocks
/// (the welfare desk works from them) and the retaliation check-ins. The handlers' clocks (acknowledgement,
/// referral decision, feedback, long investigation) are not stored: <see cref="ClockRules"/> derives them
/// from the case's dates for the inbox, the case page and the workflow alike (<see cref="ClockProjection"/>).
/// </summary>
public static class SubmissionClocks
{
    public static List<Deadline> Start(
        Guid caseId, DateOnly submittedOn, ClockSettings clocks, bool welfareNeeded, WorkingCalendar calendar)
    {
        var deadlines = new List<Deadline>();
        if (welfareNeeded)
        {
            deadlines.Add(new Deadline { CaseId = caseId, Kind = DeadlineKind.WelfareLeadAssignment, DueOn = ClockRules.WelfareAssignment(submittedOn, clocks, calendar) });
            deadlines.Add(new Deadline { CaseId = caseId, Kind = DeadlineKind.WelfareFirstContact, DueOn = ClockRules.WelfareFirstContact(submittedOn, clocks) });
        }

        deadlines.AddRange(ClockRules.CheckIns(submittedOn).Select(due => new Deadline { CaseId = caseId, Kind = DeadlineKind.RetaliationCheckIn, DueOn = due }));
        return deadlines;
    }
}
