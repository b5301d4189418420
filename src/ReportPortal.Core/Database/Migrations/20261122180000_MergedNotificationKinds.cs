using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ReportPortal.Core.Database.Migrations;

/// <summary>
/// The notification kinds of related reports, welfare and disclosure together: each of their migrations
/// rebuilt the check with its own kinds only (they were written side by side), so the last one left the
/// others out. This one states the whole list.
/// </summary>
[DbContext(typeof(ReportPortalDbContext))]
[Migration("20261122180000_MergedNotificationKinds")]
public sealed class MergedNotificationKinds : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        ALTER TABLE "Notifications" DROP CONSTRAINT "CK_Notifications_Kind";
        ALTER TABLE "Notifications" ADD CONSTRAINT "CK_Notifications_Kind" CHECK ("Kind" IN (
            'access-decided', 'access-requested', 'case-granted', 'clock-escalated', 'clock-overdue',
            'disclosure-decided', 'disclosure-requested', 'welfare-alert', 'welfare-assigned'));
        """);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        DELETE FROM "Notifications" WHERE "Kind" IN ('access-decided', 'access-requested', 'welfare-alert', 'welfare-assigned');
        ALTER TABLE "Notifications" DROP CONSTRAINT "CK_Notifications_Kind";
        ALTER TABLE "Notifications" ADD CONSTRAINT "CK_Notifications_Kind"
            CHECK ("Kind" IN ('case-granted', 'clock-escalated', 'clock-overdue', 'disclosure-decided', 'disclosure-requested'));
        """);
}
