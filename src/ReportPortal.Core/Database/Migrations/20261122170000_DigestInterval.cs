using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ReportPortal.Core.Database.Migrations;

/// <summary>Each member may ask for staff email less often than hourly (every 4 hours, or once a day).</summary>
[DbContext(typeof(ReportPortalDbContext))]
[Migration("20261122170000_DigestInterval")]
public sealed class DigestInterval : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        ALTER TABLE "StaffMembers" ADD COLUMN "DigestIntervalHours" integer NULL;
        ALTER TABLE "StaffMembers" ADD CONSTRAINT "CK_StaffMembers_DigestIntervalHours" CHECK ("DigestIntervalHours" IN (1, 4, 24));
        """);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        ALTER TABLE "StaffMembers" DROP COLUMN "DigestIntervalHours";
        """);
}
