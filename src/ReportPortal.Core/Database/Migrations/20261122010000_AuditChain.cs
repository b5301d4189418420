using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ReportPortal.Core.Database.Migrations;

/// <summary>The staff audit trail: an append-only, MAC-chained list of who did what to which case.</summary>
[DbContext(typeof(ReportPortalDbContext))]
[Migration("20261122010000_AuditChain")]
public sealed class AuditChain : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "AuditEntries",
            columns: table => new
            {
                Sequence = table.Column<long>(type: "bigint", nullable: false),
                OccurredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                StaffMemberId = table.Column<Guid>(type: "uuid", nullable: true),
                Action = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                CaseId = table.Column<Guid>(type: "uuid", nullable: true),
                Detail = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                PreviousMac = table.Column<byte[]>(type: "bytea", nullable: false),
                Mac = table.Column<byte[]>(type: "bytea", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_AuditEntries", x => x.Sequence));
        migrationBuilder.CreateIndex("IX_AuditEntries_CaseId", "AuditEntries", "CaseId");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("AuditEntries");
}
