using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace ReportPortal.Core.Database;

/// <summary>The login roles each process connects as (ReportPortal:Database:*Role). The schema owner is the migration role.</summary>
public sealed record DatabaseRoles(string ReporterRole, string StaffRole, string WorkflowRole);

/// <summary>
/// Least privilege, enforced by PostgreSQL rather than by code: after every migration the operator tool
/// (connected as the schema owner) revokes everything from each process's role and grants back exactly
/// what that process needs. The reporter face can file reports, find a case by its receipt lookup and
/// read and write that case's reporter-visible rows; it cannot read staff tables, the staff key ring,
/// blind indexes or any grant but reporter grants.
/// <para>
/// Rows, for the reporter role (attack finding L1: a stolen copy of the public server's settings and role
/// must not let anyone plant words or grants into a case they do not hold the receipt of):
/// </para>
/// <list type="bullet">
/// <item>It cannot read any case's <c>ReceiptLookup</c> or <c>SubmissionTokenHash</c>. Sign-in and the
/// repeated-send check go through SECURITY DEFINER functions (migration ReporterWrites) that answer one
/// question each: which case has this lookup, and was this token already filed.</item>
/// <item>Every row of an existing case (the case itself, its messages, events, deadlines, evidence files and reporter grant)
/// is visible, insertable and updatable only in a transaction that presents that case's receipt lookup
/// (<see cref="ReporterCaseProof"/>): policies call <c>reporter_holds_case(case id)</c>, which compares the
/// presented value with the stored lookup as the schema owner. The lookup is an HMAC of the 120-bit receipt,
/// so the role's settings alone cannot produce it for a case they did not file.</item>
/// <item>Subjects and key grants can only be added by the transaction that inserted the case row
/// (<c>reporter_files_case</c>: the proof, and the row's xmin is the current transaction), so no second
/// reporter grant or subject can be added to a case later, even by its own reporter.</item>
/// <item>A case row it inserts must look exactly as filed (<see cref="NewCaseAsFiled"/>), and a subject it
/// files carries no blind index: only the internal side computes indexes, triage and assignment.</item>
/// </list>
/// The staff role keeps its wide grants through permissive policies of its own on every table where row
/// level security is on; the schema owner, as table owner, is not subject to it.
/// </summary>
public static partial class DatabasePrivileges
{
    public static async Task ApplyAsync(ReportPortalDbContext db, DatabaseRoles roles, CancellationToken cancellationToken = default)
    {
        var reporter = Identifier(roles.ReporterRole);
        var staff = Identifier(roles.StaffRole);
        var workflow = Identifier(roles.WorkflowRole);
        var sql = $"""
            REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {reporter}, {staff}, {workflow};
            REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {reporter}, {staff}, {workflow};
            REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM {reporter}, {staff}, {workflow};
            GRANT USAGE ON SCHEMA public TO {reporter}, {staff}, {workflow};

            -- Reporter face: new reports and everything that comes with them; an existing case only with its proof.
            GRANT SELECT ON "Forces" TO {reporter};
            -- The force network ranges administrators keep: reporters on them are warned to report from elsewhere.
            GRANT SELECT ON "ForceNetworkRanges" TO {reporter};
            GRANT INSERT ON "Cases", "CaseSubjects", "KeyGrants", "CaseMessages", "CaseEvents", "Deadlines" TO {reporter};
            GRANT SELECT ("Id", "ForceId", "Status", "IdentityMode", "SubmittedOn", "ClosedOn",
                          "SealedAccount", "SupportRequested", "FearsRetaliation", "DetrimentReportedOn", "LastMessageSequence") ON "Cases" TO {reporter};
            GRANT UPDATE ("LastMessageSequence", "SupportRequested", "DetrimentReportedOn") ON "Cases" TO {reporter};
            GRANT SELECT ON "KeyGrants" TO {reporter};
            GRANT SELECT ON "CaseMessages", "CaseEvents" TO {reporter};
            -- Evidence: the reporter adds files to its case and lists them; never the blind index.
            GRANT INSERT ON "EvidenceFiles" TO {reporter};
            GRANT SELECT ("Id", "CaseId", "SealedDescription", "SealedLength", "OriginalSealedLength", "MetadataRemoved", "AddedOn", "AddedByStaffMemberId") ON "EvidenceFiles" TO {reporter};
            -- Files chosen before sending: sealed, naming no case; taken into the case when it is filed, expired and swept otherwise.
            GRANT SELECT, INSERT, UPDATE ("ExpiresAt"), DELETE ON "PendingEvidenceFiles" TO {reporter};
            GRANT SELECT, INSERT, UPDATE ("ExpiresAt"), DELETE ON "ReporterSessions" TO {reporter};
            GRANT SELECT, INSERT ON "DataProtectionKeys" TO {reporter};
            GRANT USAGE ON SEQUENCE "DataProtectionKeys_Id_seq" TO {reporter};
            GRANT EXECUTE ON FUNCTION reporter_holds_case(uuid), reporter_files_case(uuid),
                                      reporter_case_by_lookup(bytea), reporter_submission_filed(bytea) TO {reporter};

            -- Staff face: the internal side. Never the reporter sessions or the reporter face's key ring.
            GRANT SELECT, INSERT, UPDATE, DELETE ON "Forces", "Cases", "CaseSubjects", "KeyGrants", "CaseMessages", "CaseEvents",
                                                    "Deadlines", "EvidenceFiles", "StaffMembers", "DataProtectionKeys",
                                                    "StaffMemberRoles", "StaffSessions", "StaffInvitations", "ForceNetworkRanges" TO {staff};
            GRANT USAGE ON SEQUENCE "DataProtectionKeys_Id_seq" TO {staff};
            -- The orphan-blob sweep: which blobs pending files still name; nothing else of those rows.
            GRANT SELECT ("StorageKey", "OriginalStorageKey") ON "PendingEvidenceFiles" TO {staff};
            -- Internal notes: the staff face only. The reporter role gets nothing on this table, not even SELECT.
            GRANT SELECT, INSERT ON "CaseNotes" TO {staff};
            -- The audit trail is append-only for the staff face: it can add entries, never change or remove one.
            GRANT SELECT, INSERT ON "AuditEntries" TO {staff};
            -- The staff email outbox: the staff face adds notifications in the same transaction as the change.
            GRANT SELECT, INSERT ON "Notifications" TO {staff};
            -- The operators' page reads how the email went and how the workflow's jobs last ran.
            GRANT SELECT ON "NotificationDigests", "WorkflowRuns" TO {staff};
            -- Staff recovery: custodians start and approve requests; only the operator tool (schema owner) carries one out.
            GRANT SELECT, INSERT, UPDATE ("Version") ON "StaffRecoveryRequests" TO {staff};
            GRANT SELECT, INSERT ON "StaffRecoveryApprovals" TO {staff};
            -- Cases nobody holds: custodians ask and approve; only the operator tool (schema owner) marks one carried out.
            GRANT SELECT, INSERT, UPDATE ("ApprovedByStaffMemberId", "ApprovedAt", "Version") ON "CaseRegrantRequests" TO {staff};

            {WelfareGrants(reporter, staff)}
            -- Disclosure requests and decisions: the staff face only, decisions never changed once made. The
            -- reporter face reads its own case's requests (the notice), never who asked or the held grant.
            GRANT SELECT, INSERT, UPDATE ON "DisclosureRequests" TO {staff};
            GRANT SELECT, INSERT ON "DisclosureDecisions" TO {staff};
            GRANT SELECT ("Id", "CaseId", "Status", "SealedReporterNotice", "DecidedOn", "ReleaseOn", "RiskToLife", "ReleasedOn", "WithdrawnOn")
                ON "DisclosureRequests" TO {reporter};
            -- Conflicts of interest are kept for good; requests and links change state but are never removed.
            GRANT SELECT, INSERT ON "ConflictDeclarations", "CaseExcludedStaffNumbers" TO {staff};
            GRANT SELECT, INSERT, UPDATE ON "AccessRequests", "CaseLinks" TO {staff};
            -- HR events API (staff face only): clients are revoked, never removed; replay tags are pruned by age.
            GRANT SELECT, INSERT, UPDATE ON "HrApiClients" TO {staff};
            GRANT SELECT, INSERT, DELETE ON "HrEventReplays" TO {staff};
            -- Retention: administrators set periods, custodians place and lift holds; the shred pass (staff face)
            -- deletes the case row (everything else of the case cascades) and leaves a tombstone that is never changed.
            GRANT SELECT, INSERT, UPDATE ON "RetentionSettings", "LegalHolds" TO {staff};
            GRANT SELECT, INSERT ON "CaseTombstones" TO {staff};

            {WorkflowGrants(workflow)}
            {CheckInGrants(reporter, staff, workflow)}

            -- Rows of cases: the reporter role acts on a case only with its proof (see the summary above).
            {CasePolicies("Cases", "Id", reporter, staff, insert: NewCaseAsFiled, select: true, update: true)}
            {CasePolicies("CaseMessages", "CaseId", reporter, staff, insert: "reporter_holds_case(\"CaseId\")", select: true)}
            {CasePolicies("CaseEvents", "CaseId", reporter, staff, insert: "reporter_holds_case(\"CaseId\")", select: true)}
            {CasePolicies("Deadlines", "CaseId", reporter, staff, insert: "reporter_holds_case(\"CaseId\")")}
            {CasePolicies("EvidenceFiles", "CaseId", reporter, staff, insert: "reporter_holds_case(\"CaseId\") AND \"ContentHashIndex\" IS NULL AND \"AddedByStaffMemberId\" IS NULL", select: true)}
            {CasePolicies("CaseSubjects", "CaseId", reporter, staff, insert: "reporter_files_case(\"CaseId\") AND \"NameIndex\" IS NULL AND \"StaffNumberIndex\" IS NULL")}
            {CasePolicies("DisclosureRequests", "CaseId", reporter, staff, insert: "false", select: true)}

            -- Grants: the reporter role sees its case's reporter grant only, and adds grants only while filing,
            -- never a staff grant.
            ALTER TABLE "KeyGrants" ENABLE ROW LEVEL SECURITY;
            DROP POLICY IF EXISTS reporter_reads_reporter_grants ON "KeyGrants";
            DROP POLICY IF EXISTS reporter_files_new_grants ON "KeyGrants";
            DROP POLICY IF EXISTS staff_grants ON "KeyGrants";
            CREATE POLICY reporter_reads_reporter_grants ON "KeyGrants" FOR SELECT TO {reporter}
                USING ("Holder" = 'reporter' AND reporter_holds_case("CaseId"));
            CREATE POLICY reporter_files_new_grants ON "KeyGrants" FOR INSERT TO {reporter}
                WITH CHECK ("Holder" IN ('escrow', 'reporter', 'intake') AND "StaffMemberId" IS NULL AND reporter_files_case("CaseId"));
            CREATE POLICY staff_grants ON "KeyGrants" FOR ALL TO {staff} USING (true) WITH CHECK (true);

            -- Each face sees its own key ring.
            ALTER TABLE "DataProtectionKeys" ENABLE ROW LEVEL SECURITY;
            DROP POLICY IF EXISTS reporter_ring ON "DataProtectionKeys";
            DROP POLICY IF EXISTS staff_ring ON "DataProtectionKeys";
            CREATE POLICY reporter_ring ON "DataProtectionKeys" FOR ALL TO {reporter} USING ("Ring" = 'reporter') WITH CHECK ("Ring" = 'reporter');
            CREATE POLICY staff_ring ON "DataProtectionKeys" FOR ALL TO {staff} USING ("Ring" = 'staff') WITH CHECK ("Ring" = 'staff');
            """;
        await db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
    }

    /// <summary>
    /// The workflow process works on dates, states and who to tell, never on content (DESIGN §3): column
    /// grants on the case's dates and states only (no sealed column, lookup, token or blind index), the staff
    /// members' address and standing but not their keys, no right at all on grants, messages, notes, sessions
    /// or the audit trail, the dates of welfare support and contacts but never what was said, and who to tell
    /// about a case only through <c>workflow_case_handlers</c> and <c>workflow_clock_recipients</c>. Its own
    /// scheduler tables live in the <c>quartz</c> schema, the one place it may create tables.
    /// </summary>
    private static string WorkflowGrants(string workflow) => $"""
        GRANT SELECT ON "Forces" TO {workflow};
        GRANT SELECT ("Id", "ForceId", "Status", "SubmittedOn", "AcknowledgedOn", "ClosedOn", "Outcome", "ReferralDecision",
                      "NextDueOn", "SupportRequested", "FearsRetaliation", "ReferralCriterionTickedOn", "ReferralDecidedOn", "WelfareNeededSince") ON "Cases" TO {workflow};
        GRANT SELECT ("CaseId", "LeadStaffMemberId", "AssignedOn", "FirstContactOn", "EndedOn") ON "WelfareSupports" TO {workflow};
        GRANT SELECT ("CaseId", "Kind", "WrittenOn") ON "WelfareLogEntries" TO {workflow};
        GRANT SELECT ("Id", "Email", "ForceId", "IsActive", "DigestIntervalHours") ON "StaffMembers" TO {workflow};
        GRANT SELECT ON "StaffMemberRoles" TO {workflow};
        GRANT SELECT, INSERT, UPDATE ON "Notifications", "NotificationDigests" TO {workflow};
        GRANT SELECT, INSERT, UPDATE ON "WorkflowRuns" TO {workflow};
        GRANT EXECUTE ON FUNCTION workflow_case_handlers(uuid), workflow_clock_recipients(uuid, text) TO {workflow};
        DROP POLICY IF EXISTS workflow_reads_cases ON "Cases";
        CREATE POLICY workflow_reads_cases ON "Cases" FOR SELECT TO {workflow} USING (true);
        GRANT USAGE, CREATE ON SCHEMA quartz TO {workflow};
        """;

    /// <summary>
    /// Welfare (sealed under the welfare key): the reporter role reads and adds to its own case's welfare
    /// thread only with the case's proof, never as welfare support, and raises welfare alerts only through
    /// <c>reporter_welfare_alert</c> and <c>reporter_welfare_reply</c>; it has no right on the support rows or the contact log. The staff face
    /// keeps the contact log append-only.
    /// </summary>
    private static string WelfareGrants(string reporter, string staff) => $"""
        GRANT SELECT, INSERT ON "WelfareMessages" TO {reporter};
        GRANT EXECUTE ON FUNCTION reporter_welfare_alert(uuid, date, date, date) TO {reporter};
        GRANT EXECUTE ON FUNCTION reporter_welfare_reply(uuid, date) TO {reporter};
        GRANT SELECT, INSERT, UPDATE ON "WelfareSupports" TO {staff};
        GRANT SELECT, INSERT ON "WelfareLogEntries", "WelfareMessages" TO {staff};
        {CasePolicies("WelfareMessages", "CaseId", reporter, staff, insert: "reporter_holds_case(\"CaseId\") AND \"Author\" = 'reporter' AND \"StaffMemberId\" IS NULL", select: true)}
        """;

    /// <summary>
    /// A case the reporter role inserts must look exactly as filed: waiting, unassigned, untriaged, with no
    /// blind index (only the internal side computes those) and only the acknowledgement message counted.
    /// Otherwise a holder of the public server could file a case that looks already handled or that matches
    /// someone's staff number.
    /// </summary>
    private const string NewCaseAsFiled = """
        "Status" = 'received' AND "Version" = 0 AND "AssigneeStaffMemberId" IS NULL AND "AcknowledgedOn" IS NULL
        AND "NextDueOn" IS NULL AND "ClocksRecomputeOn" IS NULL AND "ReferralDecidedOn" IS NULL AND "ClosedOn" IS NULL AND "Severity" IS NULL AND "ReferralDecision" IS NULL
        AND "SealedReferralReasons" IS NULL AND "Outcome" IS NULL AND "DetrimentReportedOn" IS NULL AND "ReferralCriterionTickedOn" IS NULL
        AND ("WelfareNeededSince" IS NULL OR "WelfareNeededSince" = "SubmittedOn")
        AND "GroupIndex" IS NULL AND "ReporterStaffNumberIndex" IS NULL AND "LastMessageSequence" = 1 AND "LastEventSequence" = 1
        AND NOT ("CriterionSexualPurpose" OR "CriterionDiscrimination" OR "CriterionSeriousSexualOffence" OR "CriterionSeriousCorruption")
        """;

    /// <summary>
    /// Row level security on one table of case rows: the reporter role may insert when <paramref name="insert"/>
    /// holds, and (when asked) read or update only rows of a case whose proof the transaction presents; the
    /// staff role keeps every row. Dropped and made again, so a changed rule replaces the old one.
    /// </summary>
    private static string CasePolicies(string table, string caseColumn, string reporter, string staff, string insert, bool select = false, bool update = false)
    {
        var held = $"reporter_holds_case(\"{caseColumn}\")";
        var reads = select
            ? $"""CREATE POLICY reporter_reads_held_case ON "{table}" FOR SELECT TO {reporter} USING ({held});"""
            : string.Empty;
        var updates = update
            ? $"""CREATE POLICY reporter_updates_held_case ON "{table}" FOR UPDATE TO {reporter} USING ({held}) WITH CHECK ({held});"""
            : string.Empty;
        return $"""
            ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY;
            DROP POLICY IF EXISTS reporter_inserts ON "{table}";
            DROP POLICY IF EXISTS reporter_reads_held_case ON "{table}";
            DROP POLICY IF EXISTS reporter_updates_held_case ON "{table}";
            DROP POLICY IF EXISTS staff_rows ON "{table}";
            CREATE POLICY reporter_inserts ON "{table}" FOR INSERT TO {reporter} WITH CHECK ({insert});
            CREATE POLICY staff_rows ON "{table}" FOR ALL TO {staff} USING (true) WITH CHECK (true);
            {reads}
            {updates}
            """;
    }

    /// <summary>Role names come from settings; only plain lower-case identifiers are accepted, then quoted.</summary>
    private static string Identifier(string role) => RoleName().IsMatch(role)
        ? $"\"{role}\""
        : throw new InvalidOperationException($"Database role name '{role}' must be lower-case letters, digits and underscores.");

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex RoleName();
}
