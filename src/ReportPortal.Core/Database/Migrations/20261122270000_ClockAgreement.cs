using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ReportPortal.Core.Database.Migrations;

/// <summary>
/// The staff inbox and the workflow agree: <c>Cases.NextDueOn</c> becomes a projection of the clock rules
/// (ClockProjection), with <c>ClocksRecomputeOn</c> the day the date alone moves it (a long investigation's
/// next due day), found by force through a partial index. The day of the IOPC referral decision is kept, so the
/// referral clock's "met on" is the decision's own day: for cases decided before, the day the stored clock
/// row was met, else the tick (or submission) day. Those rows, and every other stored row of a handler's clock
/// (acknowledgement, referral decision, feedback, long investigation), then go: they only repeated the rules,
/// and stale. Every open case is marked for recomputation, so the first
/// read of each force's inbox replaces the due days stored when clocks started with the rules' answer.
/// </summary>
[DbContext(typeof(ReportPortalDbContext))]
[Migration("20261122270000_ClockAgreement")]
public sealed class ClockAgreement : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        ALTER TABLE "Cases" ADD COLUMN "ReferralDecidedOn" date NULL;
        ALTER TABLE "Cases" ADD COLUMN "ClocksRecomputeOn" date NULL;

        UPDATE "Cases" c SET "ReferralDecidedOn" = coalesce(
                (SELECT min(d."MetOn") FROM "Deadlines" d WHERE d."CaseId" = c."Id" AND d."Kind" = 'iopc-referral-decision'),
                c."ReferralCriterionTickedOn", c."SubmittedOn")
            WHERE c."ReferralDecision" IS NOT NULL;
        -- The handlers' clocks are no longer stored as rows (nothing reads or writes them): only the welfare and
        -- check-in rows stay, for the welfare desk.
        DELETE FROM "Deadlines" WHERE "Kind" IN ('human-acknowledgement', 'iopc-referral-decision', 'feedback-to-reporter', 'long-investigation-report');
        UPDATE "Cases" SET "ClocksRecomputeOn" = "SubmittedOn"
            WHERE "ClosedOn" IS NULL AND "Outcome" IS DISTINCT FROM 'withdrawn' AND "NextDueOn" IS NOT NULL;

        CREATE INDEX "IX_Cases_ClocksRecomputeOn" ON "Cases" ("ForceId", "ClocksRecomputeOn") WHERE "ClocksRecomputeOn" IS NOT NULL;
        """);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        DROP INDEX IF EXISTS "IX_Cases_ClocksRecomputeOn";
        ALTER TABLE "Cases" DROP COLUMN "ClocksRecomputeOn";
        ALTER TABLE "Cases" DROP COLUMN "ReferralDecidedOn";
        """);
}
