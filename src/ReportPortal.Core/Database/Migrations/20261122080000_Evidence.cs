using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ReportPortal.Core.Database.Migrations;

/// <summary>
/// Evidence files as built: the kept original's blob, the sealed hash of what was received, the hash
/// wrapped for the internal side to index, and who (if staff) attached it. The table held no rows before
/// (nothing wrote to it), so the new required column needs no back-fill.
/// </summary>
[DbContext(typeof(ReportPortalDbContext))]
[Migration("20261122080000_Evidence")]
public sealed class Evidence : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("OriginalStorageKey", "EvidenceFiles", type: "character varying(64)", maxLength: 64, nullable: true);
        migrationBuilder.AddColumn<long>("OriginalSealedLength", "EvidenceFiles", type: "bigint", nullable: true);
        migrationBuilder.AddColumn<byte[]>("SealedContentHash", "EvidenceFiles", type: "bytea", nullable: false, defaultValue: Array.Empty<byte>());
        migrationBuilder.Sql("""ALTER TABLE "EvidenceFiles" ALTER COLUMN "SealedContentHash" DROP DEFAULT""");
        migrationBuilder.AddColumn<byte[]>("HashForIndex", "EvidenceFiles", type: "bytea", nullable: true);
        migrationBuilder.AddColumn<Guid>("AddedByStaffMemberId", "EvidenceFiles", type: "uuid", nullable: true);
        migrationBuilder.CreateIndex("IX_EvidenceFiles_OriginalStorageKey", "EvidenceFiles", "OriginalStorageKey", unique: true);
        migrationBuilder.CreateIndex("IX_EvidenceFiles_ToIndex", "EvidenceFiles", "Id", filter: "\"HashForIndex\" IS NOT NULL");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_EvidenceFiles_ToIndex", "EvidenceFiles");
        migrationBuilder.DropIndex("IX_EvidenceFiles_OriginalStorageKey", "EvidenceFiles");
        foreach (var column in new[] { "AddedByStaffMemberId", "HashForIndex", "SealedContentHash", "OriginalSealedLength", "OriginalStorageKey" })
        {
            migrationBuilder.DropColumn(column, "EvidenceFiles");
        }
    }
}
