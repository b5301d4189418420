using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace ReportPortal.Core.Database;

/// <summary>The login roles each process connects as (ReportPortal:Database:*Role). The schema owner is the migration role.</summary>
public sealed record DatabaseRoles(string ReporterRole, string StaffRole);

/// <summary>
/// Least privilege, enforced by PostgreSQL rather than by code: after every migration the operator tool
/// (connected as the schema owner) revokes everything from each process's role and grants back exactly
/// what that process needs. The reporter face can file reports, find a case by its receipt lookup and
/// read and write that case's reporter-visible rows; it cannot read staff tables, the staff key ring,
/// blind indexes or any grant but reporter grants.
/// </summary>
public static partial class DatabasePrivileges
{
    public static async Task ApplyAsync(ReportPortalDbContext db, DatabaseRoles roles, CancellationToken cancellationToken = default)
    {
        var reporter = Identifier(roles.ReporterRole);
        var staff = Identifier(roles.StaffRole);
        var sql = $"""
            REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {reporter}, {staff};
            REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {reporter}, {staff};
            GRANT USAGE ON SCHEMA public TO {reporter}, {staff};

            -- Reporter face: new reports and everything that comes with them.
            GRANT SELECT ON "Forces" TO {reporter};
            GRANT INSERT ON "Cases", "CaseSubjects", "KeyGrants", "CaseMessages", "CaseEvents", "Deadlines" TO {reporter};
            GRANT SELECT ("Id", "ForceId", "Status", "IdentityMode", "SubmittedOn", "ClosedOn", "ReceiptLookup", "SubmissionTokenHash",
                          "SealedAccount", "SupportRequested", "FearsRetaliation", "DetrimentReportedOn", "LastMessageSequence") ON "Cases" TO {reporter};
            GRANT UPDATE ("LastMessageSequence", "SupportRequested", "DetrimentReportedOn") ON "Cases" TO {reporter};
            GRANT SELECT ON "KeyGrants" TO {reporter};
            GRANT SELECT ON "CaseMessages", "CaseEvents" TO {reporter};
            GRANT SELECT, INSERT, UPDATE ("ExpiresAt"), DELETE ON "ReporterSessions" TO {reporter};
            GRANT SELECT, INSERT ON "DataProtectionKeys" TO {reporter};
            GRANT USAGE ON SEQUENCE "DataProtectionKeys_Id_seq" TO {reporter};

            -- Staff face: the internal side. Never the reporter sessions or the reporter face's key ring.
            GRANT SELECT, INSERT, UPDATE, DELETE ON "Forces", "Cases", "CaseSubjects", "KeyGrants", "CaseMessages", "CaseEvents",
                                                    "Deadlines", "EvidenceFiles", "StaffMembers", "DataProtectionKeys",
                                                    "StaffMemberRoles", "StaffSessions", "StaffInvitations", "ForceNetworkRanges" TO {staff};
            GRANT USAGE ON SEQUENCE "DataProtectionKeys_Id_seq" TO {staff};
            -- Internal notes: the staff face only. The reporter role gets nothing on this table, not even SELECT.
            GRANT SELECT, INSERT ON "CaseNotes" TO {staff};
            -- The audit trail is append-only for the staff face: it can add entries, never change or remove one.
            GRANT SELECT, INSERT ON "AuditEntries" TO {staff};

            -- Rows: the reporter face sees reporter grants only, and may not create a staff grant; each face sees its own key ring.
            ALTER TABLE "KeyGrants" ENABLE ROW LEVEL SECURITY;
            DROP POLICY IF EXISTS reporter_reads_reporter_grants ON "KeyGrants";
            DROP POLICY IF EXISTS reporter_files_new_grants ON "KeyGrants";
            DROP POLICY IF EXISTS staff_grants ON "KeyGrants";
            CREATE POLICY reporter_reads_reporter_grants ON "KeyGrants" FOR SELECT TO {reporter} USING ("Holder" = 'reporter');
            CREATE POLICY reporter_files_new_grants ON "KeyGrants" FOR INSERT TO {reporter}
                WITH CHECK ("Holder" IN ('escrow', 'reporter', 'intake') AND "StaffMemberId" IS NULL);
            CREATE POLICY staff_grants ON "KeyGrants" FOR ALL TO {staff} USING (true) WITH CHECK (true);

            ALTER TABLE "DataProtectionKeys" ENABLE ROW LEVEL SECURITY;
            DROP POLICY IF EXISTS reporter_ring ON "DataProtectionKeys";
            DROP POLICY IF EXISTS staff_ring ON "DataProtectionKeys";
            CREATE POLICY reporter_ring ON "DataProtectionKeys" FOR ALL TO {reporter} USING ("Ring" = 'reporter') WITH CHECK ("Ring" = 'reporter');
            CREATE POLICY staff_ring ON "DataProtectionKeys" FOR ALL TO {staff} USING ("Ring" = 'staff') WITH CHECK ("Ring" = 'staff');
            """;
        await db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
    }

    /// <summary>Role names come from settings; only plain lower-case identifiers are accepted, then quoted.</summary>
    private static string Identifier(string role) => RoleName().IsMatch(role)
        ? $"\"{role}\""
        : throw new InvalidOperationException($"Database role name '{role}' must be lower-case letters, digits and underscores.");

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex RoleName();
}
