using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ReportPortal.Core.Database.Migrations;

/// <summary>Reports filed during a surge are taken and marked, never refused (a flood cannot stop a genuine reporter).</summary>
[DbContext(typeof(ReportPortalDbContext))]
[Migration("20261122040000_FilingSurge")]
public sealed class FilingSurge : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>("FiledDuringSurge", "Cases", type: "boolean", nullable: false, defaultValue: false);
        migrationBuilder.Sql("""ALTER TABLE "Cases" ALTER COLUMN "FiledDuringSurge" DROP DEFAULT""");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn("FiledDuringSurge", "Cases");
}
