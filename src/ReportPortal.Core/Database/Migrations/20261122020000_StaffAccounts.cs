using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ReportPortal.Core.Database.Migrations;

/// <summary>
/// Staff sign-in: the Identity fields of StaffMembers (password hash, security stamp, lockout, TOTP),
/// roles as fixed strings, server-side staff sessions, one-time enrolment links and force network ranges.
/// </summary>
[DbContext(typeof(ReportPortalDbContext))]
[Migration("20261122020000_StaffAccounts")]
public sealed class StaffAccounts : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("NormalizedEmail", "StaffMembers", type: "character varying(254)", maxLength: 254, nullable: true);
        migrationBuilder.Sql("""UPDATE "StaffMembers" SET "NormalizedEmail" = upper(btrim("Email"))""");
        migrationBuilder.AddColumn<string>("PasswordHash", "StaffMembers", type: "character varying(200)", maxLength: 200, nullable: true);
        migrationBuilder.AddColumn<string>("SecurityStamp", "StaffMembers", type: "character varying(64)", maxLength: 64, nullable: true);
        migrationBuilder.Sql("""UPDATE "StaffMembers" SET "SecurityStamp" = md5(random()::text)""");
        migrationBuilder.AddColumn<string>("ConcurrencyStamp", "StaffMembers", type: "character varying(64)", maxLength: 64, nullable: true);
        AddFlag(migrationBuilder, "TwoFactorEnabled", false);
        AddFlag(migrationBuilder, "LockoutEnabled", true);
        migrationBuilder.AddColumn<DateTimeOffset>("LockoutEnd", "StaffMembers", type: "timestamp with time zone", nullable: true);
        migrationBuilder.AddColumn<int>("AccessFailedCount", "StaffMembers", type: "integer", nullable: false, defaultValue: 0);
        migrationBuilder.Sql("""ALTER TABLE "StaffMembers" ALTER COLUMN "AccessFailedCount" DROP DEFAULT""");
        migrationBuilder.AddColumn<byte[]>("TotpSecret", "StaffMembers", type: "bytea", nullable: true);
        migrationBuilder.AddColumn<long>("LastTotpStep", "StaffMembers", type: "bigint", nullable: false, defaultValue: 0L);
        migrationBuilder.Sql("""ALTER TABLE "StaffMembers" ALTER COLUMN "LastTotpStep" DROP DEFAULT""");
        migrationBuilder.CreateIndex("IX_StaffMembers_NormalizedEmail", "StaffMembers", "NormalizedEmail", unique: true);

        migrationBuilder.CreateTable(
            name: "StaffMemberRoles",
            columns: table => new
            {
                StaffMemberId = table.Column<Guid>(type: "uuid", nullable: false),
                Role = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_StaffMemberRoles", x => new { x.StaffMemberId, x.Role });
                table.ForeignKey("FK_StaffMemberRoles_StaffMembers_StaffMemberId", x => x.StaffMemberId, "StaffMembers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "StaffSessions",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "uuid", nullable: false),
                StaffMemberId = table.Column<Guid>(type: "uuid", nullable: false),
                SecretHash = table.Column<byte[]>(type: "bytea", nullable: false),
                WrappedPrivateKey = table.Column<byte[]>(type: "bytea", nullable: false),
                Stage = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                SecurityStamp = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_StaffSessions", x => x.Id);
                table.ForeignKey("FK_StaffSessions_StaffMembers_StaffMemberId", x => x.StaffMemberId, "StaffMembers", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_StaffSessions_SecretHash", "StaffSessions", "SecretHash", unique: true);
        migrationBuilder.CreateIndex("IX_StaffSessions_StaffMemberId", "StaffSessions", "StaffMemberId");
        migrationBuilder.CreateIndex("IX_StaffSessions_ExpiresAt", "StaffSessions", "ExpiresAt");

        migrationBuilder.CreateTable(
            name: "StaffInvitations",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "uuid", nullable: false),
                StaffMemberId = table.Column<Guid>(type: "uuid", nullable: false),
                TokenHash = table.Column<byte[]>(type: "bytea", nullable: false),
                ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                UsedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_StaffInvitations", x => x.Id);
                table.ForeignKey("FK_StaffInvitations_StaffMembers_StaffMemberId", x => x.StaffMemberId, "StaffMembers", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_StaffInvitations_TokenHash", "StaffInvitations", "TokenHash", unique: true);
        migrationBuilder.CreateIndex("IX_StaffInvitations_StaffMemberId", "StaffInvitations", "StaffMemberId");

        migrationBuilder.CreateTable(
            name: "ForceNetworkRanges",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "uuid", nullable: false),
                ForceId = table.Column<Guid>(type: "uuid", nullable: false),
                Cidr = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ForceNetworkRanges", x => x.Id);
                table.ForeignKey("FK_ForceNetworkRanges_Forces_ForceId", x => x.ForceId, "Forces", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_ForceNetworkRanges_ForceId", "ForceNetworkRanges", "ForceId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("ForceNetworkRanges");
        migrationBuilder.DropTable("StaffInvitations");
        migrationBuilder.DropTable("StaffSessions");
        migrationBuilder.DropTable("StaffMemberRoles");
        migrationBuilder.DropIndex("IX_StaffMembers_NormalizedEmail", "StaffMembers");
        foreach (var column in new[] { "NormalizedEmail", "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "TwoFactorEnabled", "LockoutEnabled", "LockoutEnd", "AccessFailedCount", "TotpSecret", "LastTotpStep" })
        {
            migrationBuilder.DropColumn(column, "StaffMembers");
        }
    }

    private static void AddFlag(MigrationBuilder migrationBuilder, string name, bool existingRows)
    {
        migrationBuilder.AddColumn<bool>(name, "StaffMembers", type: "boolean", nullable: false, defaultValue: existingRows);
        migrationBuilder.Sql($"""ALTER TABLE "StaffMembers" ALTER COLUMN "{name}" DROP DEFAULT""");
    }
}
