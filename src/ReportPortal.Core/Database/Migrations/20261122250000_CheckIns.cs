using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ReportPortal.Core.Database.Migrations;

/// <summary>
/// Retaliation check-ins (DESIGN §5): one row per case and due day, made by the workflow from a fixed
/// template, answered once by the reporter under the welfare key. No new notification kind: a worrying
/// answer raises the existing welfare alert.
/// </summary>
[DbContext(typeof(ReportPortalDbContext))]
[Migration("20261122250000_CheckIns")]
public sealed class CheckIns : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        CREATE TABLE "CheckIns" (
            "Id" uuid NOT NULL,
            "CaseId" uuid NOT NULL,
            "DueOn" date NOT NULL,
            "Template" character varying(32) NOT NULL,
            "SentOn" date NOT NULL,
            "AnsweredOn" date NULL,
            "SealedAnswer" bytea NULL,
            CONSTRAINT "PK_CheckIns" PRIMARY KEY ("Id"),
            CONSTRAINT "FK_CheckIns_Cases_CaseId" FOREIGN KEY ("CaseId") REFERENCES "Cases" ("Id") ON DELETE CASCADE,
            CONSTRAINT "CK_CheckIns_Template" CHECK ("Template" IN ('one-month', 'six-months', 'three-months', 'twelve-months')),
            CONSTRAINT "CK_CheckIns_Answer" CHECK (("AnsweredOn" IS NULL) = ("SealedAnswer" IS NULL)));
        CREATE UNIQUE INDEX "IX_CheckIns_CaseId_DueOn" ON "CheckIns" ("CaseId", "DueOn");
        """);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("CheckIns");
}
