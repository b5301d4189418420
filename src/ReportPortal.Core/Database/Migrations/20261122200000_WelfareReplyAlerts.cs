using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ReportPortal.Core.Database.Migrations;

/// <summary>
/// A reporter's answer on the welfare thread alerts welfare support (content-free): the function through which
/// the reporter role tells the welfare lead looking after them, or else every welfare lead holding the case's
/// welfare key, without reading who is told. Handlers are not told: the thread is sealed from them.
/// </summary>
[DbContext(typeof(ReportPortalDbContext))]
[Migration("20261122200000_WelfareReplyAlerts")]
public sealed class WelfareReplyAlerts : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        CREATE FUNCTION reporter_welfare_reply(case_id uuid, on_day date) RETURNS integer
            LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
            AS $$
            DECLARE
                lead uuid;
                told integer;
            BEGIN
                IF NOT public.reporter_holds_case(case_id) THEN
                    RETURN 0;
                END IF;
                -- The lead looking after the reporter, while they still hold the welfare key and may be told.
                SELECT s."LeadStaffMemberId" INTO lead FROM public."WelfareSupports" s
                    JOIN public."StaffMembers" m ON m."Id" = s."LeadStaffMemberId"
                    WHERE s."CaseId" = case_id AND s."EndedOn" IS NULL AND m."IsActive"
                      AND EXISTS (SELECT 1 FROM public."KeyGrants" g WHERE g."CaseId" = case_id AND g."StaffMemberId" = m."Id"
                                  AND g."Holder" = 'staff' AND g."Purpose" = 'welfare')
                      AND NOT EXISTS (SELECT 1 FROM public."ConflictDeclarations" d WHERE d."CaseId" = case_id AND d."StaffMemberId" = m."Id");
                INSERT INTO public."Notifications" ("Id", "StaffMemberId", "Kind", "CaseId", "CreatedOn")
                SELECT gen_random_uuid(), r.member, 'welfare-alert', case_id, on_day FROM (
                    SELECT lead AS member WHERE lead IS NOT NULL
                    UNION
                    SELECT g."StaffMemberId" FROM public."KeyGrants" g JOIN public."StaffMembers" m ON m."Id" = g."StaffMemberId"
                        WHERE lead IS NULL AND g."CaseId" = case_id AND g."Holder" = 'staff' AND g."Purpose" = 'welfare' AND m."IsActive"
                          AND EXISTS (SELECT 1 FROM public."StaffMemberRoles" x WHERE x."StaffMemberId" = m."Id" AND x."Role" = 'welfare-lead')
                          AND NOT EXISTS (SELECT 1 FROM public."ConflictDeclarations" d WHERE d."CaseId" = case_id AND d."StaffMemberId" = m."Id")) r;
                GET DIAGNOSTICS told = ROW_COUNT;
                RETURN told;
            END $$;
        REVOKE ALL ON FUNCTION reporter_welfare_reply(uuid, date) FROM PUBLIC;
        """);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("DROP FUNCTION IF EXISTS reporter_welfare_reply(uuid, date);");
}
