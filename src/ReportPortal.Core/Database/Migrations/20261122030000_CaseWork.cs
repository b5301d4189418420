using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ReportPortal.Core.Database.Migrations;

/// <summary>
/// Working a case: triage and outcome as fixed strings, the concurrency version, the assignee, the earliest
/// open clock kept on the case for the inbox, the inbox indexes, and sealed internal notes.
/// </summary>
[DbContext(typeof(ReportPortalDbContext))]
[Migration("20261122030000_CaseWork")]
public sealed class CaseWork : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            ALTER TABLE "Cases"
                ADD COLUMN "Version" integer NOT NULL DEFAULT 0,
                ADD COLUMN "AssigneeStaffMemberId" uuid NULL,
                ADD COLUMN "AcknowledgedOn" date NULL,
                ADD COLUMN "NextDueOn" date NULL,
                ADD COLUMN "Severity" character varying(32) NULL,
                ADD COLUMN "CriterionSexualPurpose" boolean NOT NULL DEFAULT false,
                ADD COLUMN "CriterionDiscrimination" boolean NOT NULL DEFAULT false,
                ADD COLUMN "CriterionSeriousSexualOffence" boolean NOT NULL DEFAULT false,
                ADD COLUMN "CriterionSeriousCorruption" boolean NOT NULL DEFAULT false,
                ADD COLUMN "ReferralDecision" character varying(32) NULL,
                ADD COLUMN "SealedReferralReasons" bytea NULL,
                ADD COLUMN "Outcome" character varying(32) NULL;
            ALTER TABLE "Cases"
                ALTER COLUMN "Version" DROP DEFAULT,
                ALTER COLUMN "CriterionSexualPurpose" DROP DEFAULT,
                ALTER COLUMN "CriterionDiscrimination" DROP DEFAULT,
                ALTER COLUMN "CriterionSeriousSexualOffence" DROP DEFAULT,
                ALTER COLUMN "CriterionSeriousCorruption" DROP DEFAULT;
            -- Cases already waiting keep their acknowledgement and feedback clocks visible in the inbox.
            UPDATE "Cases" c SET "NextDueOn" = (SELECT min(d."DueOn") FROM "Deadlines" d WHERE d."CaseId" = c."Id" AND d."MetOn" IS NULL
                AND d."Kind" IN ('human-acknowledgement', 'iopc-referral-decision', 'feedback-to-reporter', 'long-investigation-report'));
            """);
        migrationBuilder.AddCheckConstraint("CK_Cases_Severity", "Cases", "\"Severity\" IN ('gross-misconduct', 'misconduct', 'no-misconduct', 'practice-requiring-improvement')");
        migrationBuilder.AddCheckConstraint("CK_Cases_ReferralDecision", "Cases", "\"ReferralDecision\" IN ('do-not-refer', 'refer')");
        migrationBuilder.AddCheckConstraint("CK_Cases_Outcome", "Cases", "\"Outcome\" IN ('criminal-referral', 'gross-misconduct-hearing', 'insufficient-information', 'misconduct-meeting', 'no-case-to-answer', 'practice-requiring-improvement', 'referred-to-iopc', 'withdrawn')");
        migrationBuilder.CreateIndex("IX_Cases_Inbox_Received", "Cases", ["ForceId", "SubmittedOn", "Id"]);
        migrationBuilder.CreateIndex("IX_Cases_Inbox_NextDue", "Cases", ["ForceId", "NextDueOn", "Id"]);
        migrationBuilder.CreateIndex("IX_Cases_Inbox_Assignee", "Cases", ["AssigneeStaffMemberId", "SubmittedOn", "Id"]);
        migrationBuilder.CreateIndex("IX_KeyGrants_StaffInbox", "KeyGrants", ["StaffMemberId", "CaseId"], filter: "\"Holder\" = 'staff' AND \"Purpose\" = 'case-content'");

        migrationBuilder.CreateTable(
            name: "CaseNotes",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "uuid", nullable: false),
                CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                StaffMemberId = table.Column<Guid>(type: "uuid", nullable: false),
                WrittenOn = table.Column<DateOnly>(type: "date", nullable: false),
                SealedBody = table.Column<byte[]>(type: "bytea", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_CaseNotes", x => x.Id);
                table.ForeignKey("FK_CaseNotes_Cases_CaseId", x => x.CaseId, "Cases", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_CaseNotes_CaseId_WrittenOn", "CaseNotes", ["CaseId", "WrittenOn"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("CaseNotes");
        migrationBuilder.DropIndex("IX_KeyGrants_StaffInbox", "KeyGrants");
        migrationBuilder.DropIndex("IX_Cases_Inbox_Assignee", "Cases");
        migrationBuilder.DropIndex("IX_Cases_Inbox_NextDue", "Cases");
        migrationBuilder.DropIndex("IX_Cases_Inbox_Received", "Cases");
        migrationBuilder.DropCheckConstraint("CK_Cases_Outcome", "Cases");
        migrationBuilder.DropCheckConstraint("CK_Cases_ReferralDecision", "Cases");
        migrationBuilder.DropCheckConstraint("CK_Cases_Severity", "Cases");
        foreach (var column in new[] { "Version", "AssigneeStaffMemberId", "AcknowledgedOn", "NextDueOn", "Severity", "CriterionSexualPurpose",
                     "CriterionDiscrimination", "CriterionSeriousSexualOffence", "CriterionSeriousCorruption", "ReferralDecision", "SealedReferralReasons", "Outcome" })
        {
            migrationBuilder.DropColumn(column, "Cases");
        }
    }
}
