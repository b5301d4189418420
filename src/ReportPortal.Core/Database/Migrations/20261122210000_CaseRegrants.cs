using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ReportPortal.Core.Database.Migrations;

/// <summary>Re-granting through escrow an open case whose only holder left: a request two custodians approve, carried out by the operator.</summary>
[DbContext(typeof(ReportPortalDbContext))]
[Migration("20261122210000_CaseRegrants")]
public sealed class CaseRegrants : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "CaseRegrantRequests",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "uuid", nullable: false),
                CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                ForceId = table.Column<Guid>(type: "uuid", nullable: false),
                HandlerStaffMemberId = table.Column<Guid>(type: "uuid", nullable: false),
                RequestedByStaffMemberId = table.Column<Guid>(type: "uuid", nullable: false),
                RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                ApprovedByStaffMemberId = table.Column<Guid>(type: "uuid", nullable: true),
                ApprovedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                Version = table.Column<int>(type: "integer", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_CaseRegrantRequests", x => x.Id);
                table.ForeignKey("FK_CaseRegrantRequests_Cases_CaseId", x => x.CaseId, "Cases", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_CaseRegrantRequests_Forces_ForceId", x => x.ForceId, "Forces", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_CaseRegrantRequests_StaffMembers_HandlerStaffMemberId", x => x.HandlerStaffMemberId, "StaffMembers", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_CaseRegrantRequests_StaffMembers_RequestedByStaffMemberId", x => x.RequestedByStaffMemberId, "StaffMembers", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_CaseRegrantRequests_StaffMembers_ApprovedByStaffMemberId", x => x.ApprovedByStaffMemberId, "StaffMembers", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_CaseRegrantRequests_CaseId_CompletedAt", "CaseRegrantRequests", ["CaseId", "CompletedAt"]);
        migrationBuilder.CreateIndex("IX_CaseRegrantRequests_ForceId", "CaseRegrantRequests", "ForceId");
        migrationBuilder.CreateIndex("IX_CaseRegrantRequests_HandlerStaffMemberId", "CaseRegrantRequests", "HandlerStaffMemberId");
        migrationBuilder.CreateIndex("IX_CaseRegrantRequests_RequestedByStaffMemberId", "CaseRegrantRequests", "RequestedByStaffMemberId");
        migrationBuilder.CreateIndex("IX_CaseRegrantRequests_ApprovedByStaffMemberId", "CaseRegrantRequests", "ApprovedByStaffMemberId");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("CaseRegrantRequests");
}
