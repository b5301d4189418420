using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ReportPortal.Core.Database.Migrations;

/// <summary>
/// Disclosure of a confidential reporter's identity (docs/disclosure.md): requests and the custodians'
/// decisions, the two force settings (notice days, approvals needed) beside the clocks, and the two
/// notification kinds that tell custodians and requesters something waits for them.
/// </summary>
[DbContext(typeof(ReportPortalDbContext))]
[Migration("20261122140000_Disclosure")]
public sealed class Disclosure : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            ALTER TABLE "Forces" ADD COLUMN "DisclosureNoticeDays" integer NOT NULL DEFAULT 7;
            ALTER TABLE "Forces" ALTER COLUMN "DisclosureNoticeDays" DROP DEFAULT;
            ALTER TABLE "Forces" ADD COLUMN "DisclosureApprovals" integer NOT NULL DEFAULT 1;
            ALTER TABLE "Forces" ALTER COLUMN "DisclosureApprovals" DROP DEFAULT;
            ALTER TABLE "Notifications" DROP CONSTRAINT "CK_Notifications_Kind";
            ALTER TABLE "Notifications" ADD CONSTRAINT "CK_Notifications_Kind"
                CHECK ("Kind" IN ('case-granted', 'clock-escalated', 'clock-overdue', 'disclosure-decided', 'disclosure-requested'));
            """);

        migrationBuilder.CreateTable(
            name: "DisclosureRequests",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "uuid", nullable: false),
                CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                ForceId = table.Column<Guid>(type: "uuid", nullable: false),
                RequestedByStaffMemberId = table.Column<Guid>(type: "uuid", nullable: false),
                RequestedOn = table.Column<DateOnly>(type: "date", nullable: false),
                Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                ApprovalsRequired = table.Column<int>(type: "integer", nullable: false),
                SealedReasons = table.Column<byte[]>(type: "bytea", nullable: false),
                SealedReporterNotice = table.Column<byte[]>(type: "bytea", nullable: false),
                DecidedOn = table.Column<DateOnly>(type: "date", nullable: true),
                ReleaseOn = table.Column<DateOnly>(type: "date", nullable: true),
                RiskToLife = table.Column<bool>(type: "boolean", nullable: false),
                ReleasedOn = table.Column<DateOnly>(type: "date", nullable: true),
                WithdrawnOn = table.Column<DateOnly>(type: "date", nullable: true),
                WithdrawnByStaffMemberId = table.Column<Guid>(type: "uuid", nullable: true),
                SealedWithdrawalReasons = table.Column<byte[]>(type: "bytea", nullable: true),
                HeldGrant = table.Column<byte[]>(type: "bytea", nullable: true),
                HeldGrantKeyId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                HeldGrantRetentionKeyId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                HeldGrantedByStaffMemberId = table.Column<Guid>(type: "uuid", nullable: true),
                Version = table.Column<int>(type: "integer", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_DisclosureRequests", x => x.Id);
                table.ForeignKey("FK_DisclosureRequests_Cases_CaseId", x => x.CaseId, "Cases", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_DisclosureRequests_StaffMembers_RequestedByStaffMemberId", x => x.RequestedByStaffMemberId, "StaffMembers", "Id", onDelete: ReferentialAction.Restrict);
                table.CheckConstraint("CK_DisclosureRequests_Status", "\"Status\" IN ('approved', 'awaiting-decision', 'refused', 'released', 'withdrawn')");
            });
        migrationBuilder.CreateIndex("IX_DisclosureRequests_OpenPerRequester", "DisclosureRequests", ["CaseId", "RequestedByStaffMemberId"],
            unique: true, filter: "\"Status\" IN ('awaiting-decision', 'approved')");
        migrationBuilder.CreateIndex("IX_DisclosureRequests_ForceId_Status", "DisclosureRequests", ["ForceId", "Status"]);
        migrationBuilder.CreateIndex("IX_DisclosureRequests_Status_ReleaseOn", "DisclosureRequests", ["Status", "ReleaseOn"]);
        migrationBuilder.CreateIndex("IX_DisclosureRequests_RequestedByStaffMemberId", "DisclosureRequests", "RequestedByStaffMemberId");

        migrationBuilder.CreateTable(
            name: "DisclosureDecisions",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "uuid", nullable: false),
                RequestId = table.Column<Guid>(type: "uuid", nullable: false),
                StaffMemberId = table.Column<Guid>(type: "uuid", nullable: false),
                Approved = table.Column<bool>(type: "boolean", nullable: false),
                RiskToLife = table.Column<bool>(type: "boolean", nullable: false),
                DecidedOn = table.Column<DateOnly>(type: "date", nullable: false),
                SealedReasons = table.Column<byte[]>(type: "bytea", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_DisclosureDecisions", x => x.Id);
                table.ForeignKey("FK_DisclosureDecisions_DisclosureRequests_RequestId", x => x.RequestId, "DisclosureRequests", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_DisclosureDecisions_StaffMembers_StaffMemberId", x => x.StaffMemberId, "StaffMembers", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_DisclosureDecisions_RequestId_StaffMemberId", "DisclosureDecisions", ["RequestId", "StaffMemberId"], unique: true);
        migrationBuilder.CreateIndex("IX_DisclosureDecisions_StaffMemberId", "DisclosureDecisions", "StaffMemberId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("DisclosureDecisions");
        migrationBuilder.DropTable("DisclosureRequests");
        migrationBuilder.Sql("""
            DELETE FROM "Notifications" WHERE "Kind" IN ('disclosure-decided', 'disclosure-requested');
            ALTER TABLE "Notifications" DROP CONSTRAINT "CK_Notifications_Kind";
            ALTER TABLE "Notifications" ADD CONSTRAINT "CK_Notifications_Kind" CHECK ("Kind" IN ('case-granted', 'clock-escalated', 'clock-overdue'));
            ALTER TABLE "Forces" DROP COLUMN "DisclosureNoticeDays";
            ALTER TABLE "Forces" DROP COLUMN "DisclosureApprovals";
            """);
    }
}
