using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ReportPortal.Core.Database.Migrations;

/// <summary>One row per workflow job: when it last ran, succeeded and failed (the operators' page reads it).</summary>
[DbContext(typeof(ReportPortalDbContext))]
[Migration("20261122160000_WorkflowRuns")]
public sealed class WorkflowRuns : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        CREATE TABLE "WorkflowRuns" (
            "Job" character varying(64) NOT NULL,
            "LastStartedAt" timestamp with time zone NOT NULL,
            "LastSucceededAt" timestamp with time zone NULL,
            "LastFailedAt" timestamp with time zone NULL,
            "LastFailure" character varying(128) NULL,
            "ConsecutiveFailures" integer NOT NULL,
            "Runs" bigint NOT NULL,
            CONSTRAINT "PK_WorkflowRuns" PRIMARY KEY ("Job"));
        """);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("WorkflowRuns");
}
