using ReportPortal.Core.Database;
using ReportPortal.Core.Disclosure;

namespace ReportPortal.Core.Cases;

/// <summary>
/// The strings stored for each status and kind. They also go into associated data (grant contexts), so
/// they are fixed forever: add new ones, never change an existing one. A known-answer test pins them.
/// </summary>
public static class StoredNames
{
    public static readonly FixedNames<CaseStatus> Status = new(new Dictionary<CaseStatus, string>
    {
        [CaseStatus.Received] = "received",
        [CaseStatus.Acknowledged] = "acknowledged",
        [CaseStatus.Assessing] = "assessing",
        [CaseStatus.UnderInvestigation] = "under-investigation",
        [CaseStatus.Closed] = "closed",
    });

    public static readonly FixedNames<IdentityMode> Identity = new(new Dictionary<IdentityMode, string>
    {
        [IdentityMode.Anonymous] = "anonymous",
        [IdentityMode.Confidential] = "confidential",
        [IdentityMode.Open] = "open",
    });

    public static readonly FixedNames<KeyPurpose> Purpose = new(new Dictionary<KeyPurpose, string>
    {
        [KeyPurpose.CaseContent] = "case-content",
        [KeyPurpose.ReporterIdentity] = "reporter-identity",
        [KeyPurpose.Welfare] = "welfare",
    });

    public static readonly FixedNames<KeyHolder> Holder = new(new Dictionary<KeyHolder, string>
    {
        [KeyHolder.Escrow] = "escrow",
        [KeyHolder.Reporter] = "reporter",
        [KeyHolder.Staff] = "staff",
        [KeyHolder.Intake] = "intake",
    });

    public static readonly FixedNames<MessageAuthor> Author = new(new Dictionary<MessageAuthor, string>
    {
        [MessageAuthor.System] = "system",
        [MessageAuthor.Reporter] = "reporter",
        [MessageAuthor.Staff] = "staff",
        [MessageAuthor.Welfare] = "welfare",
    });

    public static readonly FixedNames<CaseEventKind> EventKind = new(new Dictionary<CaseEventKind, string>
    {
        [CaseEventKind.Submitted] = "submitted",
        [CaseEventKind.Acknowledged] = "acknowledged",
        [CaseEventKind.AssessmentStarted] = "assessment-started",
        [CaseEventKind.ReferredToIopc] = "referred-to-iopc",
        [CaseEventKind.InvestigationOpened] = "investigation-opened",
        [CaseEventKind.FeedbackGiven] = "feedback-given",
        [CaseEventKind.Closed] = "closed",
        [CaseEventKind.ReporterReplied] = "reporter-replied",
        [CaseEventKind.HrEventMatched] = "hr-event-matched",
    });

    public static readonly FixedNames<DeadlineKind> DeadlineKind = new(new Dictionary<DeadlineKind, string>
    {
        [Cases.DeadlineKind.HumanAcknowledgement] = "human-acknowledgement",
        [Cases.DeadlineKind.IopcReferralDecision] = "iopc-referral-decision",
        [Cases.DeadlineKind.FeedbackToReporter] = "feedback-to-reporter",
        [Cases.DeadlineKind.LongInvestigationReport] = "long-investigation-report",
        [Cases.DeadlineKind.WelfareLeadAssignment] = "welfare-lead-assignment",
        [Cases.DeadlineKind.WelfareFirstContact] = "welfare-first-contact",
        [Cases.DeadlineKind.RetaliationCheckIn] = "retaliation-check-in",
    });

    public static readonly FixedNames<CaseSeverity> Severity = new(new Dictionary<CaseSeverity, string>
    {
        [CaseSeverity.NoMisconduct] = "no-misconduct",
        [CaseSeverity.PracticeRequiringImprovement] = "practice-requiring-improvement",
        [CaseSeverity.Misconduct] = "misconduct",
        [CaseSeverity.GrossMisconduct] = "gross-misconduct",
    });

    public static readonly FixedNames<ReferralDecision> Referral = new(new Dictionary<ReferralDecision, string>
    {
        [Cases.ReferralDecision.Refer] = "refer",
        [Cases.ReferralDecision.DoNotRefer] = "do-not-refer",
    });

    public static readonly FixedNames<CaseOutcome> Outcome = new(new Dictionary<CaseOutcome, string>
    {
        [CaseOutcome.NoCaseToAnswer] = "no-case-to-answer",
        [CaseOutcome.PracticeRequiringImprovement] = "practice-requiring-improvement",
        [CaseOutcome.MisconductMeeting] = "misconduct-meeting",
        [CaseOutcome.GrossMisconductHearing] = "gross-misconduct-hearing",
        [CaseOutcome.CriminalReferral] = "criminal-referral",
        [CaseOutcome.ReferredToIopc] = "referred-to-iopc",
        [CaseOutcome.Withdrawn] = "withdrawn",
        [CaseOutcome.InsufficientInformation] = "insufficient-information",
    });

    public static readonly FixedNames<DisclosureStatus> DisclosureStatus = new(new Dictionary<DisclosureStatus, string>
    {
        [Disclosure.DisclosureStatus.AwaitingDecision] = "awaiting-decision",
        [Disclosure.DisclosureStatus.Approved] = "approved",
        [Disclosure.DisclosureStatus.Released] = "released",
        [Disclosure.DisclosureStatus.Refused] = "refused",
        [Disclosure.DisclosureStatus.Withdrawn] = "withdrawn",
    });

    public static readonly FixedNames<AccessRequestStatus> AccessRequestStatus = new(new Dictionary<AccessRequestStatus, string>
    {
        [Cases.AccessRequestStatus.Pending] = "pending",
        [Cases.AccessRequestStatus.Granted] = "granted",
        [Cases.AccessRequestStatus.Refused] = "refused",
    });

    public static readonly FixedNames<CheckIns.CheckInTemplate> CheckInTemplate = new(new Dictionary<CheckIns.CheckInTemplate, string>
    {
        [CheckIns.CheckInTemplate.OneMonth] = "one-month",
        [CheckIns.CheckInTemplate.ThreeMonths] = "three-months",
        [CheckIns.CheckInTemplate.SixMonths] = "six-months",
        [CheckIns.CheckInTemplate.TwelveMonths] = "twelve-months",
    });

    /// <summary>Stored inside the sealed check-in answer (never in a column).</summary>
    public static readonly FixedNames<CheckIns.CheckInChoice> CheckInChoice = new(new Dictionary<CheckIns.CheckInChoice, string>
    {
        [CheckIns.CheckInChoice.AllFine] = "all-fine",
        [CheckIns.CheckInChoice.WouldLikeToTalk] = "would-like-to-talk",
        [CheckIns.CheckInChoice.TreatedBadly] = "treated-badly",
    });

    public static readonly FixedNames<Retention.LegalHoldReason> LegalHoldReason = new(new Dictionary<Retention.LegalHoldReason, string>
    {
        [Retention.LegalHoldReason.Litigation] = "litigation",
        [Retention.LegalHoldReason.Investigation] = "investigation",
        [Retention.LegalHoldReason.Inquiry] = "inquiry",
        [Retention.LegalHoldReason.InformationRequest] = "information-request",
        [Retention.LegalHoldReason.OtherLegalDuty] = "other-legal-duty",
    });

    public static readonly FixedNames<Retention.LegalHoldRelease> LegalHoldRelease = new(new Dictionary<Retention.LegalHoldRelease, string>
    {
        [Retention.LegalHoldRelease.ProceedingsConcluded] = "proceedings-concluded",
        [Retention.LegalHoldRelease.NoLongerRequired] = "no-longer-required",
        [Retention.LegalHoldRelease.PlacedInError] = "placed-in-error",
    });
}
