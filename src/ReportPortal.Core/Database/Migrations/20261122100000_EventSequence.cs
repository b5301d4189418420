using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ReportPortal.Core.Database.Migrations;

/// <summary>Timeline events are numbered from a counter on the case row (one atomic UPDATE), never "highest plus one".</summary>
[DbContext(typeof(ReportPortalDbContext))]
[Migration("20261122100000_EventSequence")]
public sealed class EventSequence : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        ALTER TABLE "Cases" ADD COLUMN "LastEventSequence" integer NOT NULL DEFAULT 0;
        UPDATE "Cases" c SET "LastEventSequence" = coalesce((SELECT max(e."Sequence") FROM "CaseEvents" e WHERE e."CaseId" = c."Id"), 0);
        ALTER TABLE "Cases" ALTER COLUMN "LastEventSequence" DROP DEFAULT;
        """);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn("LastEventSequence", "Cases");
}
