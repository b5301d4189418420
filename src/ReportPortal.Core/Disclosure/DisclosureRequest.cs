namespace ReportPortal.Core.Disclosure;

/// <summary>Where a request to see a confidential reporter's identity stands (DESIGN §1, §3; docs/disclosure.md).</summary>
public enum DisclosureStatus
{
    /// <summary>Waiting for the custodians' decision (one or two approvals, as the force requires).</summary>
    AwaitingDecision = 30,

    /// <summary>Approved; the reporter has been told, and the identity is held back until the release day.</summary>
    Approved = 31,

    /// <summary>The requester now holds a grant of the identity key.</summary>
    Released = 32,

    Refused = 33,

    /// <summary>A custodian withdrew the approval before the release day; the held grant was destroyed.</summary>
    Withdrawn = 34,
}

/// <summary>
/// A handler's request to see who a confidential reporter is. The words are sealed: the reasons for staff
/// under the staff face's hold key, the same reasons for the reporter under the case key (the requester holds
/// it when asking; the reporter face opens it with the reporter's own key). On approval the identity key,
/// already wrapped to the requester's public key, waits here sealed under the hold key until the release day.
/// </summary>
public sealed class DisclosureRequest
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid CaseId { get; set; }

    public Guid ForceId { get; set; }

    public Guid RequestedByStaffMemberId { get; set; }

    public DateOnly RequestedOn { get; set; }

    public DisclosureStatus Status { get; set; } = DisclosureStatus.AwaitingDecision;

    /// <summary>How many custodians (other than the requester) must approve: the force's setting when it was asked.</summary>
    public int ApprovalsRequired { get; set; } = 1;

    /// <summary>The requester's reasons, sealed under the hold key (field disclosure.reasons).</summary>
    public required byte[] SealedReasons { get; set; }

    /// <summary>The same reasons sealed under the case key for the reporter's notice (field disclosure.reporter-notice).</summary>
    public required byte[] SealedReporterNotice { get; set; }

    public DateOnly? DecidedOn { get; set; }

    /// <summary>The first day the identity may be released; the reporter's notice counts down to it.</summary>
    public DateOnly? ReleaseOn { get; set; }

    /// <summary>Every approving custodian recorded a risk to life: the only way to release without notice days.</summary>
    public bool RiskToLife { get; set; }

    public DateOnly? ReleasedOn { get; set; }

    public DateOnly? WithdrawnOn { get; set; }

    public Guid? WithdrawnByStaffMemberId { get; set; }

    /// <summary>The withdrawing custodian's reasons, sealed under the hold key (field disclosure.withdrawal-reasons).</summary>
    public byte[]? SealedWithdrawalReasons { get; set; }

    /// <summary>
    /// The requester's identity grant, made at approval and sealed under the hold key (field
    /// disclosure.held-grant): its wrapped bytes alone, the rest of the grant row is below. Cleared on
    /// release or withdrawal.
    /// </summary>
    public byte[]? HeldGrant { get; set; }

    public string? HeldGrantKeyId { get; set; }

    public string? HeldGrantRetentionKeyId { get; set; }

    public Guid? HeldGrantedByStaffMemberId { get; set; }

    /// <summary>Optimistic concurrency: several custodians may decide at once.</summary>
    public int Version { get; set; }

    public List<DisclosureDecision> Decisions { get; set; } = [];
}

/// <summary>One custodian's approval or refusal, with their reasons sealed under the hold key (field disclosure.decision-reasons).</summary>
public sealed class DisclosureDecision
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid RequestId { get; set; }

    public Guid StaffMemberId { get; set; }

    public bool Approved { get; set; }

    public bool RiskToLife { get; set; }

    public DateOnly DecidedOn { get; set; }

    public required byte[] SealedReasons { get; set; }
}

/// <summary>The seal field names of disclosure records; fixed forever like <see cref="Cases.SealedFields"/>.</summary>
public static class DisclosureFields
{
    public const string Reasons = "disclosure.reasons";
    public const string ReporterNotice = "disclosure.reporter-notice";
    public const string DecisionReasons = "disclosure.decision-reasons";
    public const string WithdrawalReasons = "disclosure.withdrawal-reasons";
    public const string HeldGrant = "disclosure.held-grant";

    /// <summary>The label the hold key is derived under from the staff face's own secret (docs/disclosure.md).</summary>
    public const string HoldKeyLabel = "disclosure-hold";

    /// <summary>The statuses during which a request is still open: one open request per requester and case.</summary>
    public static readonly IReadOnlyList<DisclosureStatus> Open = [DisclosureStatus.AwaitingDecision, DisclosureStatus.Approved];
}
