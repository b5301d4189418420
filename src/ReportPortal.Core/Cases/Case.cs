namespace ReportPortal.Core.Cases;

/// <summary>
/// One report and everything that follows from it. Only dates, states, flags and blind indexes are
/// readable here: every word the reporter wrote is in a sealed column (DESIGN §3).
/// </summary>
public sealed class Case
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid ForceId { get; set; }

    /// <summary>Short reference staff use in conversation; random, so it says nothing about order or time.</summary>
    public required string Reference { get; set; }

    public CaseStatus Status { get; set; } = CaseStatus.Received;

    public ReportCategories Categories { get; set; }

    public IdentityMode IdentityMode { get; set; }

    public bool SupportRequested { get; set; }

    public bool FearsRetaliation { get; set; }

    /// <summary>Confidential reporters may opt in to HR-event matching (DESIGN §5, HR watch).</summary>
    public bool RetaliationMonitoringConsent { get; set; }

    /// <summary>Day granularity on purpose: a time of day could identify the reporter.</summary>
    public DateOnly SubmittedOn { get; set; }

    public DateOnly? ClosedOn { get; set; }

    /// <summary>
    /// Filed while reports were arriving faster than a shared budget's surge mark (a possible flood): taken,
    /// never refused, and shown to handlers so a flood can be told apart without delaying anyone.
    /// </summary>
    public bool FiledDuringSurge { get; set; }

    /// <summary>
    /// The day the current need for welfare support arose (support asked for or retaliation feared at filing, or a
    /// later alert from the reporter's inbox while no lead was looking after them): the welfare clocks run from it.
    /// </summary>
    public DateOnly? WelfareNeededSince { get; set; }

    /// <summary>The last day the reporter said they were being treated badly because they reported.</summary>
    public DateOnly? DetrimentReportedOn { get; set; }

    /// <summary>HMAC of the receipt under the lookup pepper; the receipt itself is never stored.</summary>
    public required byte[] ReceiptLookup { get; set; }

    /// <summary>HMAC of the one-time form token, so a form sent twice files one case.</summary>
    public required byte[] SubmissionTokenHash { get; set; }

    /// <summary>The reporter's account (where, when, what happened, who saw it), sealed under the case key.</summary>
    public required byte[] SealedAccount { get; set; }

    /// <summary>Name and staff number of a confidential or open reporter, sealed under the identity key.</summary>
    public byte[]? SealedReporterIdentity { get; set; }

    /// <summary>
    /// For a confidential reporter who consented to HR watch: blind index of force code + their staff
    /// number, computed at intake, so HR events can be matched to them without revealing who they are.
    /// </summary>
    public byte[]? ReporterStaffNumberIndex { get; set; }

    /// <summary>Blind index of platform + group name, to link reports about the same chat without reading them.</summary>
    public byte[]? GroupIndex { get; set; }

    /// <summary>
    /// The last message sequence handed out. Replies take the next one with a single atomic UPDATE, so
    /// concurrent replies never collide (and never put a constraint violation in PostgreSQL's log).
    /// </summary>
    public int LastMessageSequence { get; set; }

    /// <summary>The last timeline event number handed out, the same way (<see cref="CaseSequence.NextEventAsync"/>).</summary>
    public int LastEventSequence { get; set; }

    /// <summary>
    /// Optimistic concurrency for staff changes: every state change, grant change and assignment bumps it,
    /// and a form loaded at an older version is refused. Messages and the reporter's own updates leave it
    /// alone, so a reply arriving does not make a handler's open form stale.
    /// </summary>
    public int Version { get; set; }

    /// <summary>The handler who owns the case now ("assigned to me" / "unassigned"); always a holder of a staff grant.</summary>
    public Guid? AssigneeStaffMemberId { get; set; }

    public DateOnly? AcknowledgedOn { get; set; }

    /// <summary>
    /// The earliest open inbox clock (acknowledgement, referral decision, feedback, long investigation) as
    /// <see cref="Clocks.ClockRules"/> computes it, kept with the case so the inbox can sort by it and find overdue
    /// cases from an index. A projection only: written by <see cref="Clocks.ClockProjection"/>, never by hand.
    /// </summary>
    public DateOnly? NextDueOn { get; set; }

    /// <summary>The day <see cref="NextDueOn"/> changes by the date alone (a long investigation's next due day), if it will.</summary>
    public DateOnly? ClocksRecomputeOn { get; set; }

    public CaseSeverity? Severity { get; set; }

    /// <summary>IOPC referral criteria ticked at triage (DESIGN §5); any one starts the referral-decision clock.</summary>
    public bool CriterionSexualPurpose { get; set; }

    public bool CriterionDiscrimination { get; set; }

    public bool CriterionSeriousSexualOffence { get; set; }

    public bool CriterionSeriousCorruption { get; set; }

    /// <summary>The day triage first ticked a referral criterion: the referral-decision clock runs from it.</summary>
    public DateOnly? ReferralCriterionTickedOn { get; set; }

    public ReferralDecision? ReferralDecision { get; set; }

    /// <summary>The day the referral decision was recorded: it meets the referral-decision clock.</summary>
    public DateOnly? ReferralDecidedOn { get; set; }

    /// <summary>Why the case was or was not referred, sealed under the case key (field case.referral-reasons).</summary>
    public byte[]? SealedReferralReasons { get; set; }

    public CaseOutcome? Outcome { get; set; }

    public List<CaseSubject> Subjects { get; set; } = [];

    public List<KeyGrant> Grants { get; set; } = [];

    public List<CaseMessage> Messages { get; set; } = [];

    public List<CaseEvent> Events { get; set; } = [];

    public List<Deadline> Deadlines { get; set; } = [];

    public List<EvidenceFile> EvidenceFiles { get; set; } = [];

    public List<CaseNote> Notes { get; set; } = [];
}

/// <summary>A handler's internal note, sealed under the case key; never shown to the reporter (their role has no privilege on the table).</summary>
public sealed class CaseNote
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid CaseId { get; set; }

    public Guid StaffMemberId { get; set; }

    public DateOnly WrittenOn { get; set; }

    public required byte[] SealedBody { get; set; }
}

/// <summary>A colleague the report is about. Details sealed; identifiers also kept as blind indexes for linking.</summary>
public sealed class CaseSubject
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid CaseId { get; set; }

    public required byte[] SealedDetails { get; set; }

    public byte[]? NameIndex { get; set; }

    /// <summary>Force + collar or staff number, normalised.</summary>
    public byte[]? StaffNumberIndex { get; set; }
}

/// <summary>A case key (or identity key) wrapped for one holder. Deleting every grant of a case shreds it.</summary>
public sealed class KeyGrant
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid CaseId { get; set; }

    public KeyPurpose Purpose { get; set; }

    public KeyHolder Holder { get; set; }

    /// <summary>
    /// Which key of the holder this grant is wrapped to: the public-key id for escrow, intake and staff,
    /// "receipt" for the reporter. Bound into the associated data with case, purpose and holder kind.
    /// </summary>
    public required string HolderKeyId { get; set; }

    /// <summary>The retention-period key of the outer layer; destroying that key shreds the grant everywhere.</summary>
    public required string RetentionKeyId { get; set; }

    /// <summary>Set when the holder is a staff member.</summary>
    public Guid? StaffMemberId { get; set; }

    /// <summary>Who made the grant; null for grants made at submission.</summary>
    public Guid? GrantedByStaffMemberId { get; set; }

    public required byte[] WrappedKey { get; set; }

    public DateOnly GrantedOn { get; set; }
}

/// <summary>A message in the reporter's inbox, from the service, a handler or the reporter.</summary>
public sealed class CaseMessage
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid CaseId { get; set; }

    /// <summary>Order within the case; per case, so it says nothing about activity on other cases.</summary>
    public int Sequence { get; set; }

    public MessageAuthor Author { get; set; }

    public Guid? StaffMemberId { get; set; }

    public DateOnly SentOn { get; set; }

    public required byte[] SealedBody { get; set; }
}

/// <summary>A step in the life of a case; those marked visible appear on the reporter's timeline.</summary>
public sealed class CaseEvent
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid CaseId { get; set; }

    public int Sequence { get; set; }

    public CaseEventKind Kind { get; set; }

    public DateOnly OccurredOn { get; set; }

    public bool VisibleToReporter { get; set; } = true;
}

/// <summary>A running clock: the workflow service reads only these dates, never the content.</summary>
public sealed class Deadline
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid CaseId { get; set; }

    public DeadlineKind Kind { get; set; }

    public DateOnly DueOn { get; set; }

    public DateOnly? EscalateOn { get; set; }

    public DateOnly? MetOn { get; set; }

    public DateOnly? EscalatedOn { get; set; }
}

/// <summary>An evidence file, stored sealed in 64 KiB chunks outside the database.</summary>
public sealed class EvidenceFile
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid CaseId { get; set; }

    /// <summary>File name and content type, sealed.</summary>
    public required byte[] SealedDescription { get; set; }

    /// <summary>Where the sealed chunks live in file storage; random, not derived from the name.</summary>
    public required string StorageKey { get; set; }

    public long SealedLength { get; set; }

    /// <summary>Blind index of the plaintext hash, to spot the same screenshot in several reports.</summary>
    public byte[]? ContentHashIndex { get; set; }

    public bool MetadataRemoved { get; set; }

    public DateOnly AddedOn { get; set; }

    /// <summary>The original as received (metadata and all), kept only when the reporter chose so; null otherwise.</summary>
    public string? OriginalStorageKey { get; set; }

    public long? OriginalSealedLength { get; set; }

    /// <summary>SHA-256 of the bytes as received, sealed under the case key (field evidence.content-hash): evidential integrity.</summary>
    public required byte[] SealedContentHash { get; set; }

    /// <summary>
    /// The same hash wrapped to the intake public key by the reporter face, which cannot compute blind
    /// indexes; the internal side opens it, sets <see cref="ContentHashIndex"/> and clears this.
    /// </summary>
    public byte[]? HashForIndex { get; set; }

    /// <summary>The handler who attached it; null for a file from the reporter.</summary>
    public Guid? AddedByStaffMemberId { get; set; }
}
