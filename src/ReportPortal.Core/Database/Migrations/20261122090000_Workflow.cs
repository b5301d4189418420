using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ReportPortal.Core.Database.Migrations;

/// <summary>
/// The workflow process: the staff email outbox (notifications and the digests that carry them), the
/// <c>quartz</c> schema its scheduler provisions its own tables in, and the one function through which its
/// role learns who handles a case without any right on the key grants themselves.
/// </summary>
[DbContext(typeof(ReportPortalDbContext))]
[Migration("20261122090000_Workflow")]
public sealed class Workflow : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "NotificationDigests",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "uuid", nullable: false),
                StaffMemberId = table.Column<Guid>(type: "uuid", nullable: false),
                MessageId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                Attempts = table.Column<int>(type: "integer", nullable: false),
                NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                DroppedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                LastFailure = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_NotificationDigests", x => x.Id);
                table.ForeignKey("FK_NotificationDigests_StaffMembers_StaffMemberId", x => x.StaffMemberId, "StaffMembers", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_NotificationDigests_MessageId", "NotificationDigests", "MessageId", unique: true);
        migrationBuilder.CreateIndex("IX_NotificationDigests_SentAt_NextAttemptAt", "NotificationDigests", ["SentAt", "NextAttemptAt"]);
        migrationBuilder.CreateIndex("IX_NotificationDigests_StaffMemberId_CreatedAt", "NotificationDigests", ["StaffMemberId", "CreatedAt"]);

        migrationBuilder.CreateTable(
            name: "Notifications",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "uuid", nullable: false),
                StaffMemberId = table.Column<Guid>(type: "uuid", nullable: false),
                Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                Clock = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                ClockDueOn = table.Column<DateOnly>(type: "date", nullable: true),
                CreatedOn = table.Column<DateOnly>(type: "date", nullable: false),
                DigestId = table.Column<Guid>(type: "uuid", nullable: true),
                DroppedOn = table.Column<DateOnly>(type: "date", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Notifications", x => x.Id);
                table.ForeignKey("FK_Notifications_StaffMembers_StaffMemberId", x => x.StaffMemberId, "StaffMembers", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_Notifications_Cases_CaseId", x => x.CaseId, "Cases", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_Notifications_NotificationDigests_DigestId", x => x.DigestId, "NotificationDigests", "Id", onDelete: ReferentialAction.SetNull);
                table.CheckConstraint("CK_Notifications_Kind", "\"Kind\" IN ('case-granted', 'clock-escalated', 'clock-overdue')");
                table.CheckConstraint("CK_Notifications_Clock", "\"Clock\" IN ('feedback-to-reporter', 'human-acknowledgement', 'iopc-referral-decision', 'long-investigation-report', 'retaliation-check-in', 'welfare-first-contact', 'welfare-lead-assignment')");
            });
        migrationBuilder.CreateIndex("IX_Notifications_ClockNotice", "Notifications", ["CaseId", "StaffMemberId", "Kind", "Clock", "ClockDueOn"],
            unique: true, filter: "\"Clock\" IS NOT NULL");
        migrationBuilder.CreateIndex("IX_Notifications_StaffMemberId_DigestId", "Notifications", ["StaffMemberId", "DigestId"]);
        migrationBuilder.CreateIndex("IX_Notifications_DigestId", "Notifications", "DigestId");

        migrationBuilder.Sql("""
            -- Quartz creates its own tables here (SchemaProvisioning.CreateIfMissing); no face has any right on it.
            CREATE SCHEMA IF NOT EXISTS quartz;
            REVOKE ALL ON SCHEMA quartz FROM PUBLIC;

            -- The staff members who hold a case-content grant of the case: who to tell, never the key itself.
            CREATE FUNCTION workflow_case_handlers(case_id uuid) RETURNS SETOF uuid
                LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
                AS $$ SELECT DISTINCT g."StaffMemberId" FROM public."KeyGrants" g
                      WHERE g."CaseId" = case_id AND g."Holder" = 'staff' AND g."Purpose" = 'case-content'
                        AND g."StaffMemberId" IS NOT NULL $$;
            REVOKE ALL ON FUNCTION workflow_case_handlers(uuid) FROM PUBLIC;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP FUNCTION IF EXISTS workflow_case_handlers(uuid);
            DROP SCHEMA IF EXISTS quartz CASCADE;
            """);
        migrationBuilder.DropTable("Notifications");
        migrationBuilder.DropTable("NotificationDigests");
    }
}
