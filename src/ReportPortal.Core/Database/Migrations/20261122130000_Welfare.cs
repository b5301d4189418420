using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ReportPortal.Core.Database.Migrations;

/// <summary>
/// Welfare support (DESIGN §1, §3, §5): the welfare key's purpose, who looks after a reporter, the sealed
/// contact log and welfare thread, the welfare alerts of the staff outbox, and the one function through which
/// the reporter role raises an alert without reading who is told.
/// </summary>
[DbContext(typeof(ReportPortalDbContext))]
[Migration("20261122130000_Welfare")]
public sealed class Welfare : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropCheckConstraint("CK_KeyGrants_Purpose", "KeyGrants");
        migrationBuilder.AddCheckConstraint("CK_KeyGrants_Purpose", "KeyGrants", "\"Purpose\" IN ('case-content', 'reporter-identity', 'welfare')");
        migrationBuilder.DropCheckConstraint("CK_CaseMessages_Author", "CaseMessages");
        migrationBuilder.AddCheckConstraint("CK_CaseMessages_Author", "CaseMessages", "\"Author\" IN ('reporter', 'staff', 'system', 'welfare')");
        migrationBuilder.DropCheckConstraint("CK_Notifications_Kind", "Notifications");
        migrationBuilder.AddCheckConstraint("CK_Notifications_Kind", "Notifications",
            "\"Kind\" IN ('case-granted', 'clock-escalated', 'clock-overdue', 'welfare-alert', 'welfare-assigned')");

        migrationBuilder.CreateTable(
            name: "WelfareSupports",
            columns: table => new
            {
                CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                LeadStaffMemberId = table.Column<Guid>(type: "uuid", nullable: true),
                AssignedOn = table.Column<DateOnly>(type: "date", nullable: true),
                FirstContactOn = table.Column<DateOnly>(type: "date", nullable: true),
                EndedOn = table.Column<DateOnly>(type: "date", nullable: true),
                Version = table.Column<int>(type: "integer", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_WelfareSupports", x => x.CaseId);
                table.ForeignKey("FK_WelfareSupports_Cases_CaseId", x => x.CaseId, "Cases", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_WelfareSupports_StaffMembers_LeadStaffMemberId", x => x.LeadStaffMemberId, "StaffMembers", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_WelfareSupports_LeadStaffMemberId", "WelfareSupports", "LeadStaffMemberId");

        migrationBuilder.CreateTable(
            name: "WelfareLogEntries",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "uuid", nullable: false),
                CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                Sequence = table.Column<int>(type: "integer", nullable: false),
                Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                StaffMemberId = table.Column<Guid>(type: "uuid", nullable: false),
                AboutStaffMemberId = table.Column<Guid>(type: "uuid", nullable: true),
                WrittenOn = table.Column<DateOnly>(type: "date", nullable: false),
                SealedBody = table.Column<byte[]>(type: "bytea", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_WelfareLogEntries", x => x.Id);
                table.ForeignKey("FK_WelfareLogEntries_Cases_CaseId", x => x.CaseId, "Cases", "Id", onDelete: ReferentialAction.Cascade);
                table.CheckConstraint("CK_WelfareLogEntries_Kind", "\"Kind\" IN ('agreed-action', 'assigned', 'contact', 'ended')");
            });
        migrationBuilder.CreateIndex("IX_WelfareLogEntries_CaseId_Sequence", "WelfareLogEntries", ["CaseId", "Sequence"], unique: true);

        migrationBuilder.CreateTable(
            name: "WelfareMessages",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "uuid", nullable: false),
                CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                Sequence = table.Column<int>(type: "integer", nullable: false),
                Author = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                StaffMemberId = table.Column<Guid>(type: "uuid", nullable: true),
                Request = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                SentOn = table.Column<DateOnly>(type: "date", nullable: false),
                SealedBody = table.Column<byte[]>(type: "bytea", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_WelfareMessages", x => x.Id);
                table.ForeignKey("FK_WelfareMessages_Cases_CaseId", x => x.CaseId, "Cases", "Id", onDelete: ReferentialAction.Cascade);
                table.CheckConstraint("CK_WelfareMessages_Author", "\"Author\" IN ('reporter', 'welfare')");
                table.CheckConstraint("CK_WelfareMessages_Request", "\"Request\" IN ('detriment-reported', 'support-requested')");
            });
        migrationBuilder.CreateIndex("IX_WelfareMessages_CaseId_Sequence", "WelfareMessages", ["CaseId", "Sequence"], unique: true);

        migrationBuilder.Sql("""
            -- The reporter asked for support or said they are being treated badly: with the case's proof only,
            -- start the welfare clocks unless support is already waiting or running, and tell (content-free)
            -- the welfare lead looking after them, or else every welfare lead holding the case's welfare key,
            -- and every handler holding its case key. The reporter role learns only how many were told.
            CREATE FUNCTION reporter_welfare_alert(case_id uuid, on_day date, assign_due date, contact_due date) RETURNS integer
                LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
                AS $$
                DECLARE
                    lead uuid;
                    told integer;
                BEGIN
                    IF NOT public.reporter_holds_case(case_id) THEN
                        RETURN 0;
                    END IF;
                    SELECT s."LeadStaffMemberId" INTO lead FROM public."WelfareSupports" s
                        WHERE s."CaseId" = case_id AND s."EndedOn" IS NULL;
                    IF lead IS NULL AND NOT EXISTS (SELECT 1 FROM public."Deadlines" d WHERE d."CaseId" = case_id
                                                    AND d."Kind" = 'welfare-lead-assignment' AND d."MetOn" IS NULL) THEN
                        INSERT INTO public."Deadlines" ("Id", "CaseId", "Kind", "DueOn")
                        VALUES (gen_random_uuid(), case_id, 'welfare-lead-assignment', assign_due),
                               (gen_random_uuid(), case_id, 'welfare-first-contact', contact_due);
                    END IF;
                    INSERT INTO public."Notifications" ("Id", "StaffMemberId", "Kind", "CaseId", "CreatedOn")
                    SELECT gen_random_uuid(), r.member, 'welfare-alert', case_id, on_day FROM (
                        SELECT lead AS member WHERE lead IS NOT NULL
                        UNION
                        SELECT g."StaffMemberId" FROM public."KeyGrants" g JOIN public."StaffMembers" m ON m."Id" = g."StaffMemberId"
                            WHERE lead IS NULL AND g."CaseId" = case_id AND g."Holder" = 'staff' AND g."Purpose" = 'welfare' AND m."IsActive"
                              AND EXISTS (SELECT 1 FROM public."StaffMemberRoles" x WHERE x."StaffMemberId" = m."Id" AND x."Role" = 'welfare-lead')
                        UNION
                        SELECT g."StaffMemberId" FROM public."KeyGrants" g JOIN public."StaffMembers" m ON m."Id" = g."StaffMemberId"
                            WHERE g."CaseId" = case_id AND g."Holder" = 'staff' AND g."Purpose" = 'case-content' AND m."IsActive") r;
                    GET DIAGNOSTICS told = ROW_COUNT;
                    RETURN told;
                END $$;
            REVOKE ALL ON FUNCTION reporter_welfare_alert(uuid, date, date, date) FROM PUBLIC;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP FUNCTION IF EXISTS reporter_welfare_alert(uuid, date, date, date);");
        migrationBuilder.DropTable("WelfareMessages");
        migrationBuilder.DropTable("WelfareLogEntries");
        migrationBuilder.DropTable("WelfareSupports");
        migrationBuilder.DropCheckConstraint("CK_Notifications_Kind", "Notifications");
        migrationBuilder.AddCheckConstraint("CK_Notifications_Kind", "Notifications", "\"Kind\" IN ('case-granted', 'clock-escalated', 'clock-overdue')");
        migrationBuilder.DropCheckConstraint("CK_CaseMessages_Author", "CaseMessages");
        migrationBuilder.AddCheckConstraint("CK_CaseMessages_Author", "CaseMessages", "\"Author\" IN ('reporter', 'staff', 'system')");
        migrationBuilder.DropCheckConstraint("CK_KeyGrants_Purpose", "KeyGrants");
        migrationBuilder.AddCheckConstraint("CK_KeyGrants_Purpose", "KeyGrants", "\"Purpose\" IN ('case-content', 'reporter-identity')");
    }
}
