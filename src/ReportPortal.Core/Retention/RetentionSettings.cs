using ReportPortal.Core.Cases;

namespace ReportPortal.Core.Retention;

/// <summary>
/// How long a force keeps a closed case, per outcome, in months counted from closure (docs/retention.md).
/// A force that never saved its own has no row and keeps the defaults written here.
/// </summary>
public sealed class RetentionSettings
{
    public Guid ForceId { get; set; }

    public int NoCaseToAnswerMonths { get; set; } = 24;

    public int PracticeRequiringImprovementMonths { get; set; } = 36;

    public int MisconductMeetingMonths { get; set; } = 72;

    public int GrossMisconductHearingMonths { get; set; } = 120;

    public int CriminalReferralMonths { get; set; } = 120;

    public int ReferredToIopcMonths { get; set; } = 72;

    public int WithdrawnMonths { get; set; } = 12;

    public int InsufficientInformationMonths { get; set; } = 24;

    /// <summary>PostgreSQL's xmin: two administrators saving the periods at once cannot overwrite each other unseen.</summary>
    public uint Version { get; set; }

    /// <summary>
    /// The period for a case closed with that outcome. A closed case without a recorded outcome keeps the
    /// longest period: not knowing why it closed is no reason to delete it early.
    /// </summary>
    public int MonthsFor(CaseOutcome? outcome) => outcome switch
    {
        CaseOutcome.NoCaseToAnswer => NoCaseToAnswerMonths,
        CaseOutcome.PracticeRequiringImprovement => PracticeRequiringImprovementMonths,
        CaseOutcome.MisconductMeeting => MisconductMeetingMonths,
        CaseOutcome.GrossMisconductHearing => GrossMisconductHearingMonths,
        CaseOutcome.CriminalReferral => CriminalReferralMonths,
        CaseOutcome.ReferredToIopc => ReferredToIopcMonths,
        CaseOutcome.Withdrawn => WithdrawnMonths,
        CaseOutcome.InsufficientInformation => InsufficientInformationMonths,
        _ => Enum.GetValues<CaseOutcome>().Max(o => MonthsFor(o)),
    };

    public RetentionSettings CopyFor(Guid forceId) => new()
    {
        ForceId = forceId,
        NoCaseToAnswerMonths = NoCaseToAnswerMonths,
        PracticeRequiringImprovementMonths = PracticeRequiringImprovementMonths,
        MisconductMeetingMonths = MisconductMeetingMonths,
        GrossMisconductHearingMonths = GrossMisconductHearingMonths,
        CriminalReferralMonths = CriminalReferralMonths,
        ReferredToIopcMonths = ReferredToIopcMonths,
        WithdrawnMonths = WithdrawnMonths,
        InsufficientInformationMonths = InsufficientInformationMonths,
    };
}
