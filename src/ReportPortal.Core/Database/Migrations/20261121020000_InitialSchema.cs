using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace ReportPortal.Core.Database.Migrations;

/// <summary>
/// Forces, cases and everything sealed around them, staff key holders and the Data Protection key ring.
/// Written by hand (the EF design-time package is not available here); MigratedSchemaTests proves it
/// builds exactly the schema the model describes.
/// </summary>
[DbContext(typeof(ReportPortalDbContext))]
[Migration("20261121020000_InitialSchema")]
public sealed class InitialSchema : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "DataProtectionKeys",
            columns: table => new
            {
                Id = table.Column<int>(type: "integer", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Ring = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                FriendlyName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                Xml = table.Column<string>(type: "text", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_DataProtectionKeys", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Forces",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "uuid", nullable: false),
                Code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                Name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                AcceptsReports = table.Column<bool>(type: "boolean", nullable: false),
                AcknowledgeWithinDays = table.Column<int>(type: "integer", nullable: false),
                AcknowledgeEscalateAfterDays = table.Column<int>(type: "integer", nullable: false),
                FeedbackWithinMonths = table.Column<int>(type: "integer", nullable: false),
                FeedbackEscalateAfterDays = table.Column<int>(type: "integer", nullable: false),
                WelfareAssignWithinWorkingDays = table.Column<int>(type: "integer", nullable: false),
                WelfareFirstContactWithinDays = table.Column<int>(type: "integer", nullable: false),
                LongInvestigationFirstReportMonths = table.Column<int>(type: "integer", nullable: false),
                LongInvestigationRepeatMonths = table.Column<int>(type: "integer", nullable: false),
                ReporterAccessEndsMonthsAfterClosure = table.Column<int>(type: "integer", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Forces", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Cases",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "uuid", nullable: false),
                ForceId = table.Column<Guid>(type: "uuid", nullable: false),
                Reference = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                Status = table.Column<int>(type: "integer", nullable: false),
                Categories = table.Column<int>(type: "integer", nullable: false),
                IdentityMode = table.Column<int>(type: "integer", nullable: false),
                SupportRequested = table.Column<bool>(type: "boolean", nullable: false),
                FearsRetaliation = table.Column<bool>(type: "boolean", nullable: false),
                RetaliationMonitoringConsent = table.Column<bool>(type: "boolean", nullable: false),
                SubmittedOn = table.Column<DateOnly>(type: "date", nullable: false),
                ClosedOn = table.Column<DateOnly>(type: "date", nullable: true),
                ReceiptLookup = table.Column<byte[]>(type: "bytea", nullable: false),
                SubmissionTokenHash = table.Column<byte[]>(type: "bytea", nullable: false),
                SealedAccount = table.Column<byte[]>(type: "bytea", nullable: false),
                SealedReporterIdentity = table.Column<byte[]>(type: "bytea", nullable: true),
                GroupIndex = table.Column<byte[]>(type: "bytea", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Cases", x => x.Id);
                table.ForeignKey("FK_Cases_Forces_ForceId", x => x.ForceId, "Forces", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "StaffMembers",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "uuid", nullable: false),
                ForceId = table.Column<Guid>(type: "uuid", nullable: true),
                Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                DisplayName = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                PublicKey = table.Column<byte[]>(type: "bytea", nullable: false),
                WrappedPrivateKey = table.Column<byte[]>(type: "bytea", nullable: false),
                IsActive = table.Column<bool>(type: "boolean", nullable: false),
                CreatedOn = table.Column<DateOnly>(type: "date", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_StaffMembers", x => x.Id);
                table.ForeignKey("FK_StaffMembers_Forces_ForceId", x => x.ForceId, "Forces", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "CaseSubjects",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "uuid", nullable: false),
                CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                SealedDetails = table.Column<byte[]>(type: "bytea", nullable: false),
                NameIndex = table.Column<byte[]>(type: "bytea", nullable: true),
                StaffNumberIndex = table.Column<byte[]>(type: "bytea", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_CaseSubjects", x => x.Id);
                table.ForeignKey("FK_CaseSubjects_Cases_CaseId", x => x.CaseId, "Cases", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "CaseMessages",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "uuid", nullable: false),
                CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                Sequence = table.Column<int>(type: "integer", nullable: false),
                Author = table.Column<int>(type: "integer", nullable: false),
                StaffMemberId = table.Column<Guid>(type: "uuid", nullable: true),
                SentOn = table.Column<DateOnly>(type: "date", nullable: false),
                SealedBody = table.Column<byte[]>(type: "bytea", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_CaseMessages", x => x.Id);
                table.ForeignKey("FK_CaseMessages_Cases_CaseId", x => x.CaseId, "Cases", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "CaseEvents",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "uuid", nullable: false),
                CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                Sequence = table.Column<int>(type: "integer", nullable: false),
                Kind = table.Column<int>(type: "integer", nullable: false),
                OccurredOn = table.Column<DateOnly>(type: "date", nullable: false),
                VisibleToReporter = table.Column<bool>(type: "boolean", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_CaseEvents", x => x.Id);
                table.ForeignKey("FK_CaseEvents_Cases_CaseId", x => x.CaseId, "Cases", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "Deadlines",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "uuid", nullable: false),
                CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                Kind = table.Column<int>(type: "integer", nullable: false),
                DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                EscalateOn = table.Column<DateOnly>(type: "date", nullable: true),
                MetOn = table.Column<DateOnly>(type: "date", nullable: true),
                EscalatedOn = table.Column<DateOnly>(type: "date", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Deadlines", x => x.Id);
                table.ForeignKey("FK_Deadlines_Cases_CaseId", x => x.CaseId, "Cases", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "EvidenceFiles",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "uuid", nullable: false),
                CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                SealedDescription = table.Column<byte[]>(type: "bytea", nullable: false),
                StorageKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                SealedLength = table.Column<long>(type: "bigint", nullable: false),
                ContentHashIndex = table.Column<byte[]>(type: "bytea", nullable: true),
                MetadataRemoved = table.Column<bool>(type: "boolean", nullable: false),
                AddedOn = table.Column<DateOnly>(type: "date", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_EvidenceFiles", x => x.Id);
                table.ForeignKey("FK_EvidenceFiles_Cases_CaseId", x => x.CaseId, "Cases", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "KeyGrants",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "uuid", nullable: false),
                CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                Purpose = table.Column<int>(type: "integer", nullable: false),
                Holder = table.Column<int>(type: "integer", nullable: false),
                StaffMemberId = table.Column<Guid>(type: "uuid", nullable: true),
                GrantedByStaffMemberId = table.Column<Guid>(type: "uuid", nullable: true),
                WrappedKey = table.Column<byte[]>(type: "bytea", nullable: false),
                GrantedOn = table.Column<DateOnly>(type: "date", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_KeyGrants", x => x.Id);
                table.ForeignKey("FK_KeyGrants_Cases_CaseId", x => x.CaseId, "Cases", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_KeyGrants_StaffMembers_StaffMemberId", x => x.StaffMemberId, "StaffMembers", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_KeyGrants_StaffMembers_GrantedByStaffMemberId", x => x.GrantedByStaffMemberId, "StaffMembers", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex("IX_DataProtectionKeys_Ring", "DataProtectionKeys", "Ring");
        migrationBuilder.CreateIndex("IX_Forces_Code", "Forces", "Code", unique: true);
        migrationBuilder.CreateIndex("IX_Cases_ForceId_Status", "Cases", ["ForceId", "Status"]);
        migrationBuilder.CreateIndex("IX_Cases_GroupIndex", "Cases", "GroupIndex");
        migrationBuilder.CreateIndex("IX_Cases_ReceiptLookup", "Cases", "ReceiptLookup", unique: true);
        migrationBuilder.CreateIndex("IX_Cases_Reference", "Cases", "Reference", unique: true);
        migrationBuilder.CreateIndex("IX_Cases_SubmissionTokenHash", "Cases", "SubmissionTokenHash", unique: true);
        migrationBuilder.CreateIndex("IX_StaffMembers_Email", "StaffMembers", "Email", unique: true);
        migrationBuilder.CreateIndex("IX_StaffMembers_ForceId", "StaffMembers", "ForceId");
        migrationBuilder.CreateIndex("IX_CaseSubjects_CaseId", "CaseSubjects", "CaseId");
        migrationBuilder.CreateIndex("IX_CaseSubjects_NameIndex", "CaseSubjects", "NameIndex");
        migrationBuilder.CreateIndex("IX_CaseSubjects_StaffNumberIndex", "CaseSubjects", "StaffNumberIndex");
        migrationBuilder.CreateIndex("IX_CaseMessages_CaseId_Sequence", "CaseMessages", ["CaseId", "Sequence"], unique: true);
        migrationBuilder.CreateIndex("IX_CaseEvents_CaseId_Sequence", "CaseEvents", ["CaseId", "Sequence"], unique: true);
        migrationBuilder.CreateIndex("IX_Deadlines_CaseId_Kind_DueOn", "Deadlines", ["CaseId", "Kind", "DueOn"]);
        migrationBuilder.CreateIndex("IX_Deadlines_MetOn_DueOn", "Deadlines", ["MetOn", "DueOn"]);
        migrationBuilder.CreateIndex("IX_EvidenceFiles_CaseId", "EvidenceFiles", "CaseId");
        migrationBuilder.CreateIndex("IX_EvidenceFiles_ContentHashIndex", "EvidenceFiles", "ContentHashIndex");
        migrationBuilder.CreateIndex("IX_EvidenceFiles_StorageKey", "EvidenceFiles", "StorageKey", unique: true);
        migrationBuilder.CreateIndex("IX_KeyGrants_CaseId_Purpose_Holder_StaffMemberId", "KeyGrants", ["CaseId", "Purpose", "Holder", "StaffMemberId"]);
        migrationBuilder.CreateIndex("IX_KeyGrants_GrantedByStaffMemberId", "KeyGrants", "GrantedByStaffMemberId");
        migrationBuilder.CreateIndex("IX_KeyGrants_StaffMemberId", "KeyGrants", "StaffMemberId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "KeyGrants", "EvidenceFiles", "Deadlines", "CaseEvents", "CaseMessages", "CaseSubjects", "StaffMembers", "Cases", "Forces", "DataProtectionKeys" })
        {
            migrationBuilder.DropTable(table);
        }
    }
}
