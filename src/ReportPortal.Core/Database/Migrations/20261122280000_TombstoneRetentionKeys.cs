using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ReportPortal.Core.Database.Migrations;

/// <summary>
/// A tombstone names the retention keys its case's grants were wrapped under when it was shredded. Not case
/// data: a key is shared by every case of its period. It lets the operations page say which keys still open
/// the grants of shredded cases in backups taken before the shred, that is, which keys to retire.
/// </summary>
[DbContext(typeof(ReportPortalDbContext))]
[Migration("20261122280000_TombstoneRetentionKeys")]
public sealed class TombstoneRetentionKeys : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        ALTER TABLE "CaseTombstones" ADD "RetentionKeyIds" text[] NOT NULL DEFAULT '{}';
        ALTER TABLE "CaseTombstones" ALTER COLUMN "RetentionKeyIds" DROP DEFAULT;
        """);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn(name: "RetentionKeyIds", table: "CaseTombstones");
}
