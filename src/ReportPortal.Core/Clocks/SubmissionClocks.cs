using ReportPortal.Core.Cases;
using ReportPortal.Core.Forces;

namespace ReportPortal.Core.Clocks;

/// <summary>The clocks that start when a report arrives (DESIGN §5).</summary>
public static class SubmissionClocks
{
    /// <summary>Retaliation check-ins, in months after submission.</summary>
    public static readonly IReadOnlyList<int> CheckInMonths = [1, 3, 6, 12];

    public static List<Deadline> Start(
        Guid caseId, DateOnly submittedOn, ClockSettings clocks, bool welfareNeeded, IReadOnlySet<DateOnly> bankHolidays)
    {
        var deadlines = new List<Deadline>
        {
            new()
            {
                CaseId = caseId,
                Kind = DeadlineKind.HumanAcknowledgement,
                DueOn = submittedOn.AddDays(clocks.AcknowledgeWithinDays),
                EscalateOn = submittedOn.AddDays(clocks.AcknowledgeEscalateAfterDays),
            },
            // Feedback runs from acknowledgement; until one happens it runs from the acknowledgement deadline.
            new()
            {
                CaseId = caseId,
                Kind = DeadlineKind.FeedbackToReporter,
                DueOn = submittedOn.AddDays(clocks.AcknowledgeWithinDays).AddMonths(clocks.FeedbackWithinMonths),
                EscalateOn = submittedOn.AddDays(clocks.AcknowledgeWithinDays + clocks.FeedbackEscalateAfterDays),
            },
        };

        if (welfareNeeded)
        {
            deadlines.Add(new Deadline
            {
                CaseId = caseId,
                Kind = DeadlineKind.WelfareLeadAssignment,
                DueOn = UkCalendar.AddWorkingDays(submittedOn, clocks.WelfareAssignWithinWorkingDays, bankHolidays),
            });
            deadlines.Add(new Deadline
            {
                CaseId = caseId,
                Kind = DeadlineKind.WelfareFirstContact,
                DueOn = submittedOn.AddDays(clocks.WelfareFirstContactWithinDays),
            });
        }

        deadlines.AddRange(CheckInMonths.Select(months => new Deadline
        {
            CaseId = caseId,
            Kind = DeadlineKind.RetaliationCheckIn,
            DueOn = submittedOn.AddMonths(months),
        }));

        return deadlines;
    }
}
