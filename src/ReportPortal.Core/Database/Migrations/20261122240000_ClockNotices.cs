using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ReportPortal.Core.Database.Migrations;

/// <summary>
/// Every clock's notices. The two days a clock runs from that the case did not keep yet (the day triage first
/// ticked an IOPC referral criterion, the day welfare support became needed) become dates on the case, so the
/// clocks are computed afresh from them rather than from due days stored when they started. The reporter's
/// welfare alert now records its day too. The workflow learns who to tell through
/// <c>workflow_clock_recipients</c>: a case's handlers, its force's leads or its welfare leads, each only if
/// active and not kept away from the case by the conflict rule (named in the report, or a declared conflict).
/// </summary>
[DbContext(typeof(ReportPortalDbContext))]
[Migration("20261122240000_ClockNotices")]
public sealed class ClockNotices : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql($$"""
        ALTER TABLE "Cases" ADD COLUMN "ReferralCriterionTickedOn" date NULL;
        ALTER TABLE "Cases" ADD COLUMN "WelfareNeededSince" date NULL;

        -- Cases from before: the decision was due the next working day after the tick, so the day before it
        -- starts the same clock; a welfare need is the first-contact due day less the default seven days.
        UPDATE "Cases" c SET "ReferralCriterionTickedOn" = d."DueOn" - 1
            FROM (SELECT "CaseId", min("DueOn") AS "DueOn" FROM "Deadlines" WHERE "Kind" = 'iopc-referral-decision' GROUP BY "CaseId") d
            WHERE d."CaseId" = c."Id";
        UPDATE "Cases" c SET "WelfareNeededSince" = d."DueOn" - 7
            FROM (SELECT "CaseId", max("DueOn") AS "DueOn" FROM "Deadlines" WHERE "Kind" = 'welfare-first-contact' GROUP BY "CaseId") d
            WHERE d."CaseId" = c."Id";

        {{WelfareAlert(recordsNeed: true)}}

        -- Who to tell about a clock of a case: 'handlers' (holders of a case-content grant), 'force-leads' (the
        -- force's members with the force-lead role) or 'welfare-leads' (the case's running welfare lead, else the
        -- force's welfare leads). Never an inactive member, and never one the conflict rule keeps away.
        CREATE FUNCTION workflow_clock_recipients(case_id uuid, audience text) RETURNS SETOF uuid
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
            AS $$
            WITH c AS (SELECT "Id", "ForceId" FROM public."Cases" WHERE "Id" = case_id),
            running_lead AS (
                SELECT s."LeadStaffMemberId" AS id FROM public."WelfareSupports" s
                WHERE s."CaseId" = case_id AND s."EndedOn" IS NULL AND s."LeadStaffMemberId" IS NOT NULL),
            wanted AS (
                SELECT g."StaffMemberId" AS id FROM public."KeyGrants" g
                    WHERE audience = 'handlers' AND g."CaseId" = case_id AND g."Holder" = 'staff'
                      AND g."Purpose" = 'case-content' AND g."StaffMemberId" IS NOT NULL
                UNION
                SELECT m."Id" FROM public."StaffMembers" m JOIN c ON m."ForceId" = c."ForceId"
                    WHERE audience = 'force-leads'
                      AND EXISTS (SELECT 1 FROM public."StaffMemberRoles" r WHERE r."StaffMemberId" = m."Id" AND r."Role" = 'force-lead')
                UNION
                SELECT id FROM running_lead WHERE audience = 'welfare-leads'
                UNION
                SELECT m."Id" FROM public."StaffMembers" m JOIN c ON m."ForceId" = c."ForceId"
                    WHERE audience = 'welfare-leads' AND NOT EXISTS (SELECT 1 FROM running_lead)
                      AND EXISTS (SELECT 1 FROM public."StaffMemberRoles" r WHERE r."StaffMemberId" = m."Id" AND r."Role" = 'welfare-lead'))
            SELECT m."Id" FROM public."StaffMembers" m JOIN wanted w ON w.id = m."Id"
            WHERE m."IsActive"
              AND NOT EXISTS (SELECT 1 FROM public."ConflictDeclarations" d WHERE d."CaseId" = case_id AND d."StaffMemberId" = m."Id")
              AND NOT (m."StaffNumberIndex" IS NOT NULL AND EXISTS (
                    SELECT 1 FROM public."CaseExcludedStaffNumbers" e WHERE e."CaseId" = case_id AND e."StaffNumberIndex" = m."StaffNumberIndex"))
              AND NOT (m."StaffNumberIndex" IS NOT NULL AND EXISTS (
                    SELECT 1 FROM public."CaseSubjects" x WHERE x."CaseId" = case_id AND x."StaffNumberIndex" = m."StaffNumberIndex"))
            $$;
        REVOKE ALL ON FUNCTION workflow_clock_recipients(uuid, text) FROM PUBLIC;
        """);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql($$"""
        {{WelfareAlert(recordsNeed: false)}}
        DROP FUNCTION IF EXISTS workflow_clock_recipients(uuid, text);
        ALTER TABLE "Cases" DROP COLUMN "WelfareNeededSince";
        ALTER TABLE "Cases" DROP COLUMN "ReferralCriterionTickedOn";
        """);

    private const string RecordNeed = """UPDATE public."Cases" SET "WelfareNeededSince" = on_day WHERE "Id" = case_id;""";

    /// <summary>The reporter's welfare alert of migration Welfare, which now also records the day a new need starts its clocks.</summary>
    private static string WelfareAlert(bool recordsNeed) => $$"""
        CREATE OR REPLACE FUNCTION reporter_welfare_alert(case_id uuid, on_day date, assign_due date, contact_due date) RETURNS integer
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
                    {{(recordsNeed ? RecordNeed : string.Empty)}}
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
        """;
}
