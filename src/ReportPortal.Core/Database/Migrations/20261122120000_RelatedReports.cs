using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ReportPortal.Core.Database.Migrations;

/// <summary>
/// Conflicts of interest (declarations, and the staff-number indexes intake found named in each report),
/// requests for related cases and explicit links between cases; two new notification kinds.
/// </summary>
[DbContext(typeof(ReportPortalDbContext))]
[Migration("20261122120000_RelatedReports")]
public sealed class RelatedReports : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        CREATE TABLE "ConflictDeclarations" (
            "Id" uuid NOT NULL,
            "CaseId" uuid NOT NULL,
            "StaffMemberId" uuid NOT NULL,
            "DeclaredOn" date NOT NULL,
            "SealedReason" bytea NOT NULL,
            CONSTRAINT "PK_ConflictDeclarations" PRIMARY KEY ("Id"),
            CONSTRAINT "FK_ConflictDeclarations_Cases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "Cases" ("Id") ON DELETE CASCADE,
            CONSTRAINT "FK_ConflictDeclarations_StaffMembers_StaffMemberId" FOREIGN KEY ("StaffMemberId") REFERENCES "StaffMembers" ("Id") ON DELETE CASCADE);
        CREATE UNIQUE INDEX "IX_ConflictDeclarations_CaseId_StaffMemberId" ON "ConflictDeclarations" ("CaseId", "StaffMemberId");
        CREATE INDEX "IX_ConflictDeclarations_StaffMemberId" ON "ConflictDeclarations" ("StaffMemberId");

        CREATE TABLE "CaseExcludedStaffNumbers" (
            "CaseId" uuid NOT NULL,
            "StaffNumberIndex" bytea NOT NULL,
            CONSTRAINT "PK_CaseExcludedStaffNumbers" PRIMARY KEY ("CaseId", "StaffNumberIndex"),
            CONSTRAINT "FK_CaseExcludedStaffNumbers_Cases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "Cases" ("Id") ON DELETE CASCADE);
        CREATE INDEX "IX_CaseExcludedStaffNumbers_StaffNumberIndex" ON "CaseExcludedStaffNumbers" ("StaffNumberIndex");

        CREATE TABLE "AccessRequests" (
            "Id" uuid NOT NULL,
            "CaseId" uuid NOT NULL,
            "FromCaseId" uuid NOT NULL,
            "RequesterStaffMemberId" uuid NOT NULL,
            "RequestedOn" date NOT NULL,
            "SealedReasons" bytea NOT NULL,
            "Status" character varying(32) NOT NULL,
            "DecidedByStaffMemberId" uuid NULL,
            "DecidedOn" date NULL,
            "SealedDecisionReasons" bytea NULL,
            "Version" integer NOT NULL,
            CONSTRAINT "PK_AccessRequests" PRIMARY KEY ("Id"),
            CONSTRAINT "FK_AccessRequests_Cases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "Cases" ("Id") ON DELETE CASCADE,
            CONSTRAINT "FK_AccessRequests_Cases_FromCaseId" FOREIGN KEY ("FromCaseId") REFERENCES "Cases" ("Id") ON DELETE CASCADE,
            CONSTRAINT "FK_AccessRequests_StaffMembers_RequesterStaffMemberId" FOREIGN KEY ("RequesterStaffMemberId") REFERENCES "StaffMembers" ("Id") ON DELETE CASCADE,
            CONSTRAINT "CK_AccessRequests_Status" CHECK ("Status" IN ('granted', 'pending', 'refused')));
        CREATE UNIQUE INDEX "IX_AccessRequests_Open" ON "AccessRequests" ("CaseId", "RequesterStaffMemberId") WHERE "Status" = 'pending';
        CREATE INDEX "IX_AccessRequests_CaseId_Status" ON "AccessRequests" ("CaseId", "Status");
        CREATE INDEX "IX_AccessRequests_FromCaseId" ON "AccessRequests" ("FromCaseId");
        CREATE INDEX "IX_AccessRequests_RequesterStaffMemberId_RequestedOn" ON "AccessRequests" ("RequesterStaffMemberId", "RequestedOn");

        CREATE TABLE "CaseLinks" (
            "Id" uuid NOT NULL,
            "FirstCaseId" uuid NOT NULL,
            "SecondCaseId" uuid NOT NULL,
            "LinkedByStaffMemberId" uuid NOT NULL,
            "LinkedOn" date NOT NULL,
            "SealedReasonFirst" bytea NOT NULL,
            "SealedReasonSecond" bytea NOT NULL,
            "UnlinkedByStaffMemberId" uuid NULL,
            "UnlinkedOn" date NULL,
            "SealedUnlinkReasonFirst" bytea NULL,
            "SealedUnlinkReasonSecond" bytea NULL,
            CONSTRAINT "PK_CaseLinks" PRIMARY KEY ("Id"),
            CONSTRAINT "FK_CaseLinks_Cases_FirstCaseId" FOREIGN KEY ("FirstCaseId") REFERENCES "Cases" ("Id") ON DELETE CASCADE,
            CONSTRAINT "FK_CaseLinks_Cases_SecondCaseId" FOREIGN KEY ("SecondCaseId") REFERENCES "Cases" ("Id") ON DELETE CASCADE);
        CREATE UNIQUE INDEX "IX_CaseLinks_Active" ON "CaseLinks" ("FirstCaseId", "SecondCaseId") WHERE "UnlinkedOn" IS NULL;
        CREATE INDEX "IX_CaseLinks_SecondCaseId" ON "CaseLinks" ("SecondCaseId");

        ALTER TABLE "Notifications" DROP CONSTRAINT "CK_Notifications_Kind";
        ALTER TABLE "Notifications" ADD CONSTRAINT "CK_Notifications_Kind"
            CHECK ("Kind" IN ('access-decided', 'access-requested', 'case-granted', 'clock-escalated', 'clock-overdue'));
        """);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        DELETE FROM "Notifications" WHERE "Kind" IN ('access-decided', 'access-requested');
        ALTER TABLE "Notifications" DROP CONSTRAINT "CK_Notifications_Kind";
        ALTER TABLE "Notifications" ADD CONSTRAINT "CK_Notifications_Kind" CHECK ("Kind" IN ('case-granted', 'clock-escalated', 'clock-overdue'));
        DROP TABLE "CaseLinks";
        DROP TABLE "AccessRequests";
        DROP TABLE "CaseExcludedStaffNumbers";
        DROP TABLE "ConflictDeclarations";
        """);
}
