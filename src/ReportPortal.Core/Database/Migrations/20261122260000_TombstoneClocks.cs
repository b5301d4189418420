using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ReportPortal.Core.Database.Migrations;

/// <summary>
/// Oversight statistics count shredded cases through their tombstones, and they show whether acknowledgement
/// and feedback came on time: the tombstone keeps each clock's verdict from the day of the shred. Tombstones
/// written before this have no verdict (null), which the statistics page counts as not known.
/// </summary>
[DbContext(typeof(ReportPortalDbContext))]
[Migration("20261122260000_TombstoneClocks")]
public sealed class TombstoneClocks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        ALTER TABLE "CaseTombstones" ADD COLUMN "AcknowledgedOnTime" boolean NULL;
        ALTER TABLE "CaseTombstones" ADD COLUMN "FeedbackOnTime" boolean NULL;
        """);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        ALTER TABLE "CaseTombstones" DROP COLUMN "FeedbackOnTime";
        ALTER TABLE "CaseTombstones" DROP COLUMN "AcknowledgedOnTime";
        """);
}
