using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ReportPortal.Core.Database.Migrations;

/// <summary>
/// Files chosen on the report form before it is sent: sealed blobs with a row that names no case and
/// expires (see Evidence/PendingEvidence).
/// </summary>
[DbContext(typeof(ReportPortalDbContext))]
[Migration("20261122110000_PendingEvidence")]
public sealed class PendingEvidence : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "PendingEvidenceFiles",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "uuid", nullable: false),
                SealedDescription = table.Column<byte[]>(type: "bytea", nullable: false),
                StorageKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                SealedLength = table.Column<long>(type: "bigint", nullable: false),
                OriginalStorageKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                OriginalSealedLength = table.Column<long>(type: "bigint", nullable: true),
                MetadataRemoved = table.Column<bool>(type: "boolean", nullable: false),
                SealedContentHash = table.Column<byte[]>(type: "bytea", nullable: false),
                HashForIndex = table.Column<byte[]>(type: "bytea", nullable: true),
                ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_PendingEvidenceFiles", x => x.Id));
        migrationBuilder.CreateIndex("IX_PendingEvidenceFiles_StorageKey", "PendingEvidenceFiles", "StorageKey", unique: true);
        migrationBuilder.CreateIndex("IX_PendingEvidenceFiles_OriginalStorageKey", "PendingEvidenceFiles", "OriginalStorageKey", unique: true);
        migrationBuilder.CreateIndex("IX_PendingEvidenceFiles_ExpiresAt", "PendingEvidenceFiles", "ExpiresAt");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("PendingEvidenceFiles");
}
