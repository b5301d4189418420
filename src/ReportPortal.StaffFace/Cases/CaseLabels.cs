using System.Globalization;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;

namespace ReportPortal.StaffFace.Cases;

/// <summary>What staff read for each stored value; the stored strings themselves never change.</summary>
public static class CaseLabels
{
    public static string Day(DateOnly day) => day.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"));

    public static string Status(CaseStatus status) => status switch
    {
        CaseStatus.Received => "Received",
        CaseStatus.Acknowledged => "Acknowledged",
        CaseStatus.Assessing => "Assessing",
        CaseStatus.UnderInvestigation => "Under investigation",
        _ => "Closed",
    };

    public static string Category(ReportCategories category) => category switch
    {
        ReportCategories.Racist => "Racist",
        ReportCategories.MisogynisticOrSexist => "Misogynistic or sexist",
        ReportCategories.HomophobicOrTransphobic => "Homophobic or transphobic",
        ReportCategories.DisablistOrOtherDiscriminatory => "Disablist or other discriminatory",
        ReportCategories.CrimeSceneOrVictimImages => "Crime-scene or victim images",
        ReportCategories.ContactingVulnerablePeopleForSexualPurpose => "Contacting victims or vulnerable people for a sexual purpose",
        ReportCategories.OtherGrosslyOffensive => "Other grossly offensive material",
        _ => "Other",
    };

    public static IEnumerable<string> Categories(ReportCategories categories) =>
        Enum.GetValues<ReportCategories>().Where(c => c != ReportCategories.None && categories.HasFlag(c)).Select(Category);

    public static string Clock(DeadlineKind kind) => kind switch
    {
        DeadlineKind.HumanAcknowledgement => "Acknowledgement",
        DeadlineKind.IopcReferralDecision => "Referral decision",
        DeadlineKind.FeedbackToReporter => "Feedback",
        DeadlineKind.LongInvestigationReport => "Long-investigation report",
        DeadlineKind.WelfareLeadAssignment => "Welfare lead assigned",
        DeadlineKind.WelfareFirstContact => "Welfare first contact",
        DeadlineKind.RetaliationCheckIn => "Retaliation check-in",
        _ => "Clock",
    };

    /// <summary>Where a clock stands, as the case page says it (the stage the workflow acts on).</summary>
    public static string ClockStanding(ClockState clock) => clock.Stage switch
    {
        ClockStage.Met => $"Met {Day(clock.MetOn ?? clock.DueOn)}",
        ClockStage.Stopped => $"Stopped (was due {Day(clock.DueOn)})",
        ClockStage.Overdue => $"Overdue: was due {Day(clock.DueOn)}",
        ClockStage.Escalated => $"Due {Day(clock.DueOn)} (escalated)",
        _ => $"Due {Day(clock.DueOn)}",
    };

    public static string Severity(CaseSeverity severity) => severity switch
    {
        CaseSeverity.NoMisconduct => "No misconduct",
        CaseSeverity.PracticeRequiringImprovement => "Practice requiring improvement",
        CaseSeverity.Misconduct => "Misconduct",
        _ => "Gross misconduct",
    };

    public static string Outcome(CaseOutcome outcome) => outcome switch
    {
        CaseOutcome.NoCaseToAnswer => "No case to answer",
        CaseOutcome.PracticeRequiringImprovement => "Practice requiring improvement (reflective practice)",
        CaseOutcome.MisconductMeeting => "Misconduct meeting (written or final written warning)",
        CaseOutcome.GrossMisconductHearing => "Gross misconduct hearing (final written warning, reduction in rank, dismissal without notice)",
        CaseOutcome.CriminalReferral => "Criminal referral",
        CaseOutcome.ReferredToIopc => "Referred to the IOPC",
        CaseOutcome.Withdrawn => "Withdrawn",
        _ => "Insufficient information",
    };

    public static string Event(CaseEventKind kind) => kind switch
    {
        CaseEventKind.Submitted => "Report received",
        CaseEventKind.Acknowledged => "Acknowledged",
        CaseEventKind.AssessmentStarted => "Assessment started",
        CaseEventKind.ReferredToIopc => "Referred to the IOPC",
        CaseEventKind.InvestigationOpened => "Investigation opened",
        CaseEventKind.FeedbackGiven => "Feedback sent to the reporter",
        CaseEventKind.Closed => "Closed",
        CaseEventKind.HrEventMatched => "HR records show a change for the reporter (HR watch): welfare alerted",
        _ => "Reporter replied",
    };
}
