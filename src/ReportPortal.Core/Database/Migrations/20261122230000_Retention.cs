using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ReportPortal.Core.Database.Migrations;

/// <summary>Retention: each force's periods per outcome, legal holds on cases, and the tombstones shredded cases leave.</summary>
[DbContext(typeof(ReportPortalDbContext))]
[Migration("20261122230000_Retention")]
public sealed class Retention : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "RetentionSettings",
            columns: table => new
            {
                ForceId = table.Column<Guid>(type: "uuid", nullable: false),
                NoCaseToAnswerMonths = table.Column<int>(type: "integer", nullable: false),
                PracticeRequiringImprovementMonths = table.Column<int>(type: "integer", nullable: false),
                MisconductMeetingMonths = table.Column<int>(type: "integer", nullable: false),
                GrossMisconductHearingMonths = table.Column<int>(type: "integer", nullable: false),
                CriminalReferralMonths = table.Column<int>(type: "integer", nullable: false),
                ReferredToIopcMonths = table.Column<int>(type: "integer", nullable: false),
                WithdrawnMonths = table.Column<int>(type: "integer", nullable: false),
                InsufficientInformationMonths = table.Column<int>(type: "integer", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_RetentionSettings", x => x.ForceId);
                table.ForeignKey("FK_RetentionSettings_Forces_ForceId", x => x.ForceId, "Forces", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "LegalHolds",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "uuid", nullable: false),
                CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                Reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                PlacedOn = table.Column<DateOnly>(type: "date", nullable: false),
                PlacedByStaffMemberId = table.Column<Guid>(type: "uuid", nullable: false),
                LiftedOn = table.Column<DateOnly>(type: "date", nullable: true),
                LiftReason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                LiftedByStaffMemberId = table.Column<Guid>(type: "uuid", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_LegalHolds", x => x.Id);
                table.ForeignKey("FK_LegalHolds_Cases_CaseId", x => x.CaseId, "Cases", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_LegalHolds_StaffMembers_PlacedByStaffMemberId", x => x.PlacedByStaffMemberId, "StaffMembers", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_LegalHolds_StaffMembers_LiftedByStaffMemberId", x => x.LiftedByStaffMemberId, "StaffMembers", "Id", onDelete: ReferentialAction.Restrict);
                table.CheckConstraint("CK_LegalHolds_Reason", "\"Reason\" IN ('information-request', 'inquiry', 'investigation', 'litigation', 'other-legal-duty')");
                table.CheckConstraint("CK_LegalHolds_LiftReason", "\"LiftReason\" IN ('no-longer-required', 'placed-in-error', 'proceedings-concluded')");
            });
        migrationBuilder.CreateIndex("IX_LegalHolds_ActivePerCase", "LegalHolds", "CaseId", unique: true, filter: "\"LiftedOn\" IS NULL");
        migrationBuilder.CreateIndex("IX_LegalHolds_PlacedByStaffMemberId", "LegalHolds", "PlacedByStaffMemberId");
        migrationBuilder.CreateIndex("IX_LegalHolds_LiftedByStaffMemberId", "LegalHolds", "LiftedByStaffMemberId");

        migrationBuilder.CreateTable(
            name: "CaseTombstones",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "uuid", nullable: false),
                ForceId = table.Column<Guid>(type: "uuid", nullable: false),
                Outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                SubmittedMonth = table.Column<DateOnly>(type: "date", nullable: false),
                ClosedMonth = table.Column<DateOnly>(type: "date", nullable: false),
                ShreddedOn = table.Column<DateOnly>(type: "date", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_CaseTombstones", x => x.Id);
                table.ForeignKey("FK_CaseTombstones_Forces_ForceId", x => x.ForceId, "Forces", "Id", onDelete: ReferentialAction.Restrict);
                table.CheckConstraint("CK_CaseTombstones_Outcome", "\"Outcome\" IN ('criminal-referral', 'gross-misconduct-hearing', 'insufficient-information', 'misconduct-meeting', 'no-case-to-answer', 'practice-requiring-improvement', 'referred-to-iopc', 'withdrawn')");
            });
        migrationBuilder.CreateIndex("IX_CaseTombstones_ForceId", "CaseTombstones", "ForceId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("CaseTombstones");
        migrationBuilder.DropTable("LegalHolds");
        migrationBuilder.DropTable("RetentionSettings");
    }
}
