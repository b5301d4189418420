using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ReportPortal.Core.Database.Migrations;

/// <summary>
/// Trust boundaries: statuses and kinds stored as fixed strings with CHECK constraints; grants bound to
/// their holder's key and wrapped under a retention-period key; staff public keys pinned; an atomic
/// message counter per case; server-side reporter sessions. Existing grants cannot be carried over (their
/// associated data changed), so a database with cases in it is refused rather than silently broken.
/// </summary>
[DbContext(typeof(ReportPortalDbContext))]
[Migration("20261122000000_TrustBoundaries")]
public sealed class TrustBoundaries : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DO $$ BEGIN
              IF EXISTS (SELECT 1 FROM "KeyGrants") THEN
                RAISE EXCEPTION 'This database holds grants in the old format; migrate a fresh database instead.';
              END IF;
            END $$
            """);

        migrationBuilder.Sql("""ALTER TABLE "Cases" ALTER COLUMN "Status" TYPE character varying(32) USING CASE "Status" WHEN 0 THEN 'received' WHEN 1 THEN 'acknowledged' WHEN 2 THEN 'assessing' WHEN 3 THEN 'under-investigation' WHEN 4 THEN 'closed' END""");
        migrationBuilder.AddCheckConstraint("CK_Cases_Status", "Cases", "\"Status\" IN ('acknowledged', 'assessing', 'closed', 'received', 'under-investigation')");
        migrationBuilder.Sql("""ALTER TABLE "Cases" ALTER COLUMN "IdentityMode" TYPE character varying(32) USING CASE "IdentityMode" WHEN 0 THEN 'anonymous' WHEN 1 THEN 'confidential' WHEN 2 THEN 'open' END""");
        migrationBuilder.AddCheckConstraint("CK_Cases_IdentityMode", "Cases", "\"IdentityMode\" IN ('anonymous', 'confidential', 'open')");
        migrationBuilder.Sql("""ALTER TABLE "KeyGrants" ALTER COLUMN "Purpose" TYPE character varying(32) USING CASE "Purpose" WHEN 0 THEN 'case-content' WHEN 1 THEN 'reporter-identity' END""");
        migrationBuilder.AddCheckConstraint("CK_KeyGrants_Purpose", "KeyGrants", "\"Purpose\" IN ('case-content', 'reporter-identity')");
        migrationBuilder.Sql("""ALTER TABLE "KeyGrants" ALTER COLUMN "Holder" TYPE character varying(32) USING CASE "Holder" WHEN 0 THEN 'escrow' WHEN 1 THEN 'reporter' WHEN 2 THEN 'staff' WHEN 3 THEN 'intake' END""");
        migrationBuilder.AddCheckConstraint("CK_KeyGrants_Holder", "KeyGrants", "\"Holder\" IN ('escrow', 'intake', 'reporter', 'staff')");
        migrationBuilder.Sql("""ALTER TABLE "CaseMessages" ALTER COLUMN "Author" TYPE character varying(32) USING CASE "Author" WHEN 0 THEN 'system' WHEN 1 THEN 'reporter' WHEN 2 THEN 'staff' END""");
        migrationBuilder.AddCheckConstraint("CK_CaseMessages_Author", "CaseMessages", "\"Author\" IN ('reporter', 'staff', 'system')");
        migrationBuilder.Sql("""ALTER TABLE "CaseEvents" ALTER COLUMN "Kind" TYPE character varying(32) USING CASE "Kind" WHEN 0 THEN 'submitted' WHEN 1 THEN 'acknowledged' WHEN 2 THEN 'assessment-started' WHEN 3 THEN 'referred-to-iopc' WHEN 4 THEN 'investigation-opened' WHEN 5 THEN 'feedback-given' WHEN 6 THEN 'closed' WHEN 7 THEN 'reporter-replied' END""");
        migrationBuilder.AddCheckConstraint("CK_CaseEvents_Kind", "CaseEvents", "\"Kind\" IN ('acknowledged', 'assessment-started', 'closed', 'feedback-given', 'investigation-opened', 'referred-to-iopc', 'reporter-replied', 'submitted')");
        migrationBuilder.Sql("""ALTER TABLE "Deadlines" ALTER COLUMN "Kind" TYPE character varying(32) USING CASE "Kind" WHEN 0 THEN 'human-acknowledgement' WHEN 1 THEN 'iopc-referral-decision' WHEN 2 THEN 'feedback-to-reporter' WHEN 3 THEN 'long-investigation-report' WHEN 4 THEN 'welfare-lead-assignment' WHEN 5 THEN 'welfare-first-contact' WHEN 6 THEN 'retaliation-check-in' END""");
        migrationBuilder.AddCheckConstraint("CK_Deadlines_Kind", "Deadlines", "\"Kind\" IN ('feedback-to-reporter', 'human-acknowledgement', 'iopc-referral-decision', 'long-investigation-report', 'retaliation-check-in', 'welfare-first-contact', 'welfare-lead-assignment')");

        migrationBuilder.AddColumn<string>("HolderKeyId", "KeyGrants", type: "character varying(64)", maxLength: 64, nullable: false, defaultValue: "");
        migrationBuilder.AddColumn<string>("RetentionKeyId", "KeyGrants", type: "character varying(32)", maxLength: 32, nullable: false, defaultValue: "");
        migrationBuilder.Sql("""ALTER TABLE "KeyGrants" ALTER COLUMN "HolderKeyId" DROP DEFAULT, ALTER COLUMN "RetentionKeyId" DROP DEFAULT""");
        migrationBuilder.CreateIndex("IX_KeyGrants_Intake", "KeyGrants", "Holder", filter: "\"Holder\" = 'intake'");

        migrationBuilder.AddColumn<int>("LastMessageSequence", "Cases", type: "integer", nullable: false, defaultValue: 0);
        migrationBuilder.Sql("""
            UPDATE "Cases" c SET "LastMessageSequence" = coalesce((SELECT max(m."Sequence") FROM "CaseMessages" m WHERE m."CaseId" = c."Id"), 0);
            ALTER TABLE "Cases" ALTER COLUMN "LastMessageSequence" DROP DEFAULT;
            """);

        migrationBuilder.AddColumn<DateOnly>("DetrimentReportedOn", "Cases", type: "date", nullable: true);
        migrationBuilder.AddColumn<byte[]>("ReporterStaffNumberIndex", "Cases", type: "bytea", nullable: true);
        migrationBuilder.CreateIndex("IX_Cases_ReporterStaffNumberIndex", "Cases", "ReporterStaffNumberIndex");

        migrationBuilder.AddColumn<byte[]>("PublicKeyPin", "StaffMembers", type: "bytea", nullable: false, defaultValue: System.Array.Empty<byte>());
        migrationBuilder.Sql("""ALTER TABLE "StaffMembers" ALTER COLUMN "PublicKeyPin" DROP DEFAULT""");
        migrationBuilder.AddColumn<byte[]>("StaffNumberIndex", "StaffMembers", type: "bytea", nullable: true);
        migrationBuilder.AddColumn<bool>("IsIntakeHandler", "StaffMembers", type: "boolean", nullable: false, defaultValue: false);
        migrationBuilder.Sql("""ALTER TABLE "StaffMembers" ALTER COLUMN "IsIntakeHandler" DROP DEFAULT""");
        // The new index leads with ForceId, so it serves the foreign key too.
        migrationBuilder.DropIndex("IX_StaffMembers_ForceId", "StaffMembers");
        migrationBuilder.CreateIndex("IX_StaffMembers_ForceId_IsIntakeHandler", "StaffMembers", ["ForceId", "IsIntakeHandler"]);

        migrationBuilder.CreateTable(
            name: "ReporterSessions",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "uuid", nullable: false),
                SecretHash = table.Column<byte[]>(type: "bytea", nullable: false),
                SealedAccess = table.Column<byte[]>(type: "bytea", nullable: false),
                ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_ReporterSessions", x => x.Id));
        migrationBuilder.CreateIndex("IX_ReporterSessions_SecretHash", "ReporterSessions", "SecretHash", unique: true);
        migrationBuilder.CreateIndex("IX_ReporterSessions_ExpiresAt", "ReporterSessions", "ExpiresAt");

        // Key ring elements are now sealed whole under each ring's own key; old ones cannot be read.
        migrationBuilder.Sql("""DELETE FROM "DataProtectionKeys" """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("ReporterSessions");
        migrationBuilder.DropIndex("IX_StaffMembers_ForceId_IsIntakeHandler", "StaffMembers");
        migrationBuilder.CreateIndex("IX_StaffMembers_ForceId", "StaffMembers", "ForceId");
        migrationBuilder.DropColumn("IsIntakeHandler", "StaffMembers");
        migrationBuilder.DropColumn("StaffNumberIndex", "StaffMembers");
        migrationBuilder.DropColumn("PublicKeyPin", "StaffMembers");
        migrationBuilder.DropColumn("LastMessageSequence", "Cases");
        migrationBuilder.DropColumn("DetrimentReportedOn", "Cases");
        migrationBuilder.DropColumn("ReporterStaffNumberIndex", "Cases");
        migrationBuilder.DropIndex("IX_KeyGrants_Intake", "KeyGrants");
        migrationBuilder.DropColumn("RetentionKeyId", "KeyGrants");
        migrationBuilder.DropColumn("HolderKeyId", "KeyGrants");
        migrationBuilder.DropCheckConstraint("CK_Cases_Status", "Cases");
        migrationBuilder.Sql("""ALTER TABLE "Cases" ALTER COLUMN "Status" TYPE integer USING CASE "Status" WHEN 'received' THEN 0 WHEN 'acknowledged' THEN 1 WHEN 'assessing' THEN 2 WHEN 'under-investigation' THEN 3 WHEN 'closed' THEN 4 END""");
        migrationBuilder.DropCheckConstraint("CK_Cases_IdentityMode", "Cases");
        migrationBuilder.Sql("""ALTER TABLE "Cases" ALTER COLUMN "IdentityMode" TYPE integer USING CASE "IdentityMode" WHEN 'anonymous' THEN 0 WHEN 'confidential' THEN 1 WHEN 'open' THEN 2 END""");
        migrationBuilder.DropCheckConstraint("CK_KeyGrants_Purpose", "KeyGrants");
        migrationBuilder.Sql("""ALTER TABLE "KeyGrants" ALTER COLUMN "Purpose" TYPE integer USING CASE "Purpose" WHEN 'case-content' THEN 0 WHEN 'reporter-identity' THEN 1 END""");
        migrationBuilder.DropCheckConstraint("CK_KeyGrants_Holder", "KeyGrants");
        migrationBuilder.Sql("""ALTER TABLE "KeyGrants" ALTER COLUMN "Holder" TYPE integer USING CASE "Holder" WHEN 'escrow' THEN 0 WHEN 'reporter' THEN 1 WHEN 'staff' THEN 2 WHEN 'intake' THEN 3 END""");
        migrationBuilder.DropCheckConstraint("CK_CaseMessages_Author", "CaseMessages");
        migrationBuilder.Sql("""ALTER TABLE "CaseMessages" ALTER COLUMN "Author" TYPE integer USING CASE "Author" WHEN 'system' THEN 0 WHEN 'reporter' THEN 1 WHEN 'staff' THEN 2 END""");
        migrationBuilder.DropCheckConstraint("CK_CaseEvents_Kind", "CaseEvents");
        migrationBuilder.Sql("""ALTER TABLE "CaseEvents" ALTER COLUMN "Kind" TYPE integer USING CASE "Kind" WHEN 'submitted' THEN 0 WHEN 'acknowledged' THEN 1 WHEN 'assessment-started' THEN 2 WHEN 'referred-to-iopc' THEN 3 WHEN 'investigation-opened' THEN 4 WHEN 'feedback-given' THEN 5 WHEN 'closed' THEN 6 WHEN 'reporter-replied' THEN 7 END""");
        migrationBuilder.DropCheckConstraint("CK_Deadlines_Kind", "Deadlines");
        migrationBuilder.Sql("""ALTER TABLE "Deadlines" ALTER COLUMN "Kind" TYPE integer USING CASE "Kind" WHEN 'human-acknowledgement' THEN 0 WHEN 'iopc-referral-decision' THEN 1 WHEN 'feedback-to-reporter' THEN 2 WHEN 'long-investigation-report' THEN 3 WHEN 'welfare-lead-assignment' THEN 4 WHEN 'welfare-first-contact' THEN 5 WHEN 'retaliation-check-in' THEN 6 END""");
    }
}
