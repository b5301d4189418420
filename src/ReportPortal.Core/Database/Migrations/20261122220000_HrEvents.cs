using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ReportPortal.Core.Database.Migrations;

/// <summary>
/// The HR events API (docs/hr-events.md): its clients (a keyed hash of each key, never the key), the keyed
/// hashes of idempotency keys already taken, and the staff-only case event a matched HR event leaves.
/// The case event list is stated in full.
/// </summary>
[DbContext(typeof(ReportPortalDbContext))]
[Migration("20261122220000_HrEvents")]
public sealed class HrEvents : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "HrApiClients",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "uuid", nullable: false),
                ForceId = table.Column<Guid>(type: "uuid", nullable: false),
                Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                Scopes = table.Column<string[]>(type: "text[]", nullable: false),
                KeyHash = table.Column<byte[]>(type: "bytea", nullable: false),
                CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                CreatedByStaffMemberId = table.Column<Guid>(type: "uuid", nullable: false),
                RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                RevokedByStaffMemberId = table.Column<Guid>(type: "uuid", nullable: true),
                LastUsedOn = table.Column<DateOnly>(type: "date", nullable: true),
                Version = table.Column<int>(type: "integer", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_HrApiClients", x => x.Id);
                table.ForeignKey("FK_HrApiClients_Forces_ForceId", x => x.ForceId, "Forces", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_HrApiClients_StaffMembers_CreatedByStaffMemberId", x => x.CreatedByStaffMemberId, "StaffMembers", "Id", onDelete: ReferentialAction.Restrict);
                table.CheckConstraint("CK_HrApiClients_Scopes", "cardinality(\"Scopes\") > 0 AND \"Scopes\" <@ ARRAY['hr-events:validate', 'hr-events:write']::text[]");
            });
        migrationBuilder.CreateIndex("IX_HrApiClients_KeyHash", "HrApiClients", "KeyHash", unique: true);
        migrationBuilder.CreateIndex("IX_HrApiClients_ForceId", "HrApiClients", "ForceId");
        migrationBuilder.CreateIndex("IX_HrApiClients_CreatedByStaffMemberId", "HrApiClients", "CreatedByStaffMemberId");

        migrationBuilder.CreateTable(
            name: "HrEventReplays",
            columns: table => new
            {
                ClientId = table.Column<Guid>(type: "uuid", nullable: false),
                Tag = table.Column<byte[]>(type: "bytea", nullable: false),
                ReceivedOn = table.Column<DateOnly>(type: "date", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_HrEventReplays", x => new { x.ClientId, x.Tag });
                table.ForeignKey("FK_HrEventReplays_HrApiClients_ClientId", x => x.ClientId, "HrApiClients", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_HrEventReplays_ReceivedOn", "HrEventReplays", "ReceivedOn");

        migrationBuilder.Sql("""
            ALTER TABLE "CaseEvents" DROP CONSTRAINT "CK_CaseEvents_Kind";
            ALTER TABLE "CaseEvents" ADD CONSTRAINT "CK_CaseEvents_Kind" CHECK ("Kind" IN (
                'acknowledged', 'assessment-started', 'closed', 'feedback-given', 'hr-event-matched', 'investigation-opened',
                'referred-to-iopc', 'reporter-replied', 'submitted'));
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DELETE FROM "CaseEvents" WHERE "Kind" = 'hr-event-matched';
            ALTER TABLE "CaseEvents" DROP CONSTRAINT "CK_CaseEvents_Kind";
            ALTER TABLE "CaseEvents" ADD CONSTRAINT "CK_CaseEvents_Kind" CHECK ("Kind" IN (
                'acknowledged', 'assessment-started', 'closed', 'feedback-given', 'investigation-opened',
                'referred-to-iopc', 'reporter-replied', 'submitted'));
            """);
        migrationBuilder.DropTable("HrEventReplays");
        migrationBuilder.DropTable("HrApiClients");
    }
}
