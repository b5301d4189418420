namespace ReportPortal.Core.Audit;

/// <summary>
/// One line of the staff audit trail: who did what to which case, when (to the minute). Never content,
/// never a reporter's identity. Each entry carries the MAC of the one before it, so an altered, removed
/// or reordered entry breaks the chain at that point.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>Position in the chain, from 1, with no gaps.</summary>
    public long Sequence { get; set; }

    /// <summary>Staff actions are recorded to the minute; seconds would add nothing but a fingerprint.</summary>
    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>The staff member who acted; null for the service itself (intake, workflow).</summary>
    public Guid? StaffMemberId { get; set; }

    /// <summary>One of <see cref="AuditActions"/>.</summary>
    public required string Action { get; set; }

    public Guid? CaseId { get; set; }

    /// <summary>A short, content-free note (an outcome code, a role name, the staff member a grant went to).</summary>
    public string? Detail { get; set; }

    public required byte[] PreviousMac { get; set; }

    public required byte[] Mac { get; set; }
}

/// <summary>The fixed action names stored in the audit trail (they are part of each entry's MAC).</summary>
public static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string SignOut = "sign-out";
    public const string SignOutEverywhere = "sign-out-everywhere";
    public const string CaseViewed = "case-viewed";
    public const string GrantMade = "grant-made";
    public const string GrantRemoved = "grant-removed";
    public const string TriageChanged = "triage-changed";
    public const string OutcomeRecorded = "outcome-recorded";
    public const string MessageSent = "message-sent";
    public const string NoteAdded = "note-added";
    public const string SettingChanged = "setting-changed";
    public const string AccountChanged = "account-changed";
    public const string AssignmentChanged = "assignment-changed";

    // Administration: the detail names the force by its code or the staff member by id, never content.
    public const string ForceCreated = "force-created";
    public const string ForceChanged = "force-changed";
    public const string ClocksChanged = "clocks-changed";
    public const string NetworkRangeAdded = "network-range-added";
    public const string NetworkRangeRemoved = "network-range-removed";
    public const string StaffInvited = "staff-invited";
    public const string StaffChanged = "staff-changed";
    public const string StaffDeactivated = "staff-deactivated";
    public const string EnrolmentLinkIssued = "enrolment-link-issued";

    // Evidence files: the detail names the file by id, never its name or content.
    public const string EvidenceAdded = "evidence-added";
    public const string EvidenceDownloaded = "evidence-downloaded";
    public const string EvidenceIntegrityFailed = "evidence-integrity-failed";

    // Recovery and leavers: the detail names the request and staff member by id, never content.
    public const string StaffRecoveryRequested = "staff-recovery-requested";
    public const string StaffRecoveryApproved = "staff-recovery-approved";
    public const string StaffRecovered = "staff-recovered";
    public const string GrantRewrapped = "grant-rewrapped";
    // Welfare: the detail names the member or the log entry's kind, never what was said.
    public const string WelfareAssigned = "welfare-assigned";
    public const string WelfareLogged = "welfare-logged";
    public const string WelfareMessageSent = "welfare-message-sent";
    public const string WelfareEnded = "welfare-ended";
    public const string WelfareViewed = "welfare-viewed";
    // Disclosure of a confidential reporter's identity: the detail names the request by id, never reasons.
    public const string DisclosureRequested = "disclosure-requested";
    public const string DisclosureApproved = "disclosure-approved";
    public const string DisclosureRefused = "disclosure-refused";
    public const string DisclosureWithdrawn = "disclosure-withdrawn";
    public const string DisclosureReleased = "disclosure-released";
    public const string DisclosureIdentityViewed = "disclosure-identity-viewed";
    // Conflicts and related reports: the detail names cases and members by id, never a reason.
    public const string ConflictDeclared = "conflict-declared";
    public const string AccessRequested = "access-requested";
    public const string AccessRefused = "access-refused";
    public const string CaseLinked = "case-linked";
    public const string CaseUnlinked = "case-unlinked";
    // A case whose only holder left, given to a handler through escrow: the detail names the request and members by id.
    public const string CaseRegrantRequested = "case-regrant-requested";
    public const string CaseRegrantApproved = "case-regrant-approved";
    public const string CaseRegranted = "case-regranted";
    // HR events API keys: the detail names the client by id and its force by code, never the key.
    public const string HrApiKeyCreated = "hr-api-key-created";
    public const string HrApiKeyRevoked = "hr-api-key-revoked";
    // Retention: the detail is a fixed reason, an outcome code or a retention key id, never content.
    public const string LegalHoldPlaced = "legal-hold-placed";
    public const string LegalHoldLifted = "legal-hold-lifted";
    public const string RetentionChanged = "retention-changed";
    public const string CaseShredded = "case-shredded";
    public const string RetentionKeyRetired = "retention-key-retired";
}
