using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ReportPortal.Core.Database.Migrations;

/// <summary>Staff recovery through escrow: a request per lost password, and the custodians' approvals of it.</summary>
[DbContext(typeof(ReportPortalDbContext))]
[Migration("20261122150000_Recovery")]
public sealed class Recovery : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "StaffRecoveryRequests",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "uuid", nullable: false),
                StaffMemberId = table.Column<Guid>(type: "uuid", nullable: false),
                ForceId = table.Column<Guid>(type: "uuid", nullable: true),
                RequestedByStaffMemberId = table.Column<Guid>(type: "uuid", nullable: false),
                RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                Version = table.Column<int>(type: "integer", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_StaffRecoveryRequests", x => x.Id);
                table.ForeignKey("FK_StaffRecoveryRequests_StaffMembers_StaffMemberId", x => x.StaffMemberId, "StaffMembers", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_StaffRecoveryRequests_StaffMembers_RequestedByStaffMemberId", x => x.RequestedByStaffMemberId, "StaffMembers", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_StaffRecoveryRequests_Forces_ForceId", x => x.ForceId, "Forces", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_StaffRecoveryRequests_StaffMemberId_CompletedAt", "StaffRecoveryRequests", ["StaffMemberId", "CompletedAt"]);
        migrationBuilder.CreateIndex("IX_StaffRecoveryRequests_ForceId", "StaffRecoveryRequests", "ForceId");
        migrationBuilder.CreateIndex("IX_StaffRecoveryRequests_RequestedByStaffMemberId", "StaffRecoveryRequests", "RequestedByStaffMemberId");

        migrationBuilder.CreateTable(
            name: "StaffRecoveryApprovals",
            columns: table => new
            {
                RequestId = table.Column<Guid>(type: "uuid", nullable: false),
                CustodianStaffMemberId = table.Column<Guid>(type: "uuid", nullable: false),
                ApprovedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_StaffRecoveryApprovals", x => new { x.RequestId, x.CustodianStaffMemberId });
                table.ForeignKey("FK_StaffRecoveryApprovals_StaffRecoveryRequests_RequestId", x => x.RequestId, "StaffRecoveryRequests", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_StaffRecoveryApprovals_StaffMembers_CustodianStaffMemberId", x => x.CustodianStaffMemberId, "StaffMembers", "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("IX_StaffRecoveryApprovals_CustodianStaffMemberId", "StaffRecoveryApprovals", "CustodianStaffMemberId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("StaffRecoveryApprovals");
        migrationBuilder.DropTable("StaffRecoveryRequests");
    }
}
