namespace ReportPortal.Core.Retention;

/// <summary>
/// Why a case is held past its retention period. A fixed list, not free text: the reason is stored and
/// audited in the clear, so it must never be able to carry a name or a detail of the case.
/// </summary>
public enum LegalHoldReason
{
    /// <summary>Court or employment tribunal proceedings, brought or expected.</summary>
    Litigation = 2300,

    /// <summary>A criminal, IOPC or misconduct investigation that may need the case.</summary>
    Investigation = 2301,

    /// <summary>A public inquiry or an inquest.</summary>
    Inquiry = 2302,

    /// <summary>A subject access or freedom of information request still being answered.</summary>
    InformationRequest = 2303,

    /// <summary>Any other legal duty to keep it, recorded by the force's legal services.</summary>
    OtherLegalDuty = 2304,
}

/// <summary>Why a hold was lifted; as fixed as the reasons for placing one.</summary>
public enum LegalHoldRelease
{
    ProceedingsConcluded = 2320,
    NoLongerRequired = 2321,
    PlacedInError = 2322,
}

/// <summary>
/// A legal hold on a case: while one is active (not lifted) the case is never shredded, whatever its
/// retention period says. Lifted holds stay as history until the case itself is shredded.
/// </summary>
public sealed class LegalHold
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid CaseId { get; set; }

    public LegalHoldReason Reason { get; set; }

    public DateOnly PlacedOn { get; set; }

    public Guid PlacedByStaffMemberId { get; set; }

    public DateOnly? LiftedOn { get; set; }

    public LegalHoldRelease? LiftReason { get; set; }

    public Guid? LiftedByStaffMemberId { get; set; }
}
