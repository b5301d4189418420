using Npgsql;
using ReportPortal.Tests.Infrastructure;

namespace ReportPortal.Tests.Workflow;

/// <summary>The workflow role reads dates, states and who to tell; PostgreSQL refuses it every sealed column and every key.</summary>
public sealed class WorkflowRoleTests
{
    [Theory]
    [InlineData("""SELECT "SealedAccount" FROM "Cases" """)]
    [InlineData("""SELECT "ReceiptLookup" FROM "Cases" """)]
    [InlineData("""SELECT "GroupIndex" FROM "Cases" """)]
    [InlineData("""SELECT "SealedReferralReasons" FROM "Cases" """)]
    [InlineData("""SELECT * FROM "Cases" """)]
    [InlineData("""SELECT "SealedBody" FROM "CaseMessages" """)]
    [InlineData("""SELECT "SealedBody" FROM "CaseNotes" """)]
    [InlineData("""SELECT "SealedDetails" FROM "CaseSubjects" """)]
    [InlineData("""SELECT "WrappedKey" FROM "KeyGrants" """)]
    [InlineData("""SELECT "StaffMemberId" FROM "KeyGrants" """)]
    [InlineData("""SELECT "WrappedPrivateKey" FROM "StaffMembers" """)]
    [InlineData("""SELECT "PasswordHash" FROM "StaffMembers" """)]
    [InlineData("""SELECT "TotpSecret" FROM "StaffMembers" """)]
    [InlineData("""SELECT * FROM "ReporterSessions" """)]
    [InlineData("""SELECT * FROM "StaffSessions" """)]
    [InlineData("""SELECT * FROM "AuditEntries" """)]
    [InlineData("""SELECT * FROM "DataProtectionKeys" """)]
    [InlineData("""SELECT * FROM "EvidenceFiles" """)]
    [InlineData("""SELECT "SealedAnswer" FROM "CheckIns" """)]
    [InlineData("""UPDATE "CheckIns" SET "SentOn" = '2026-01-01' """)]
    [InlineData("""UPDATE "Cases" SET "Status" = 'closed' """)]
    [InlineData("""CREATE TABLE public.planted (id int)""")]
    public async Task The_workflow_role_is_refused(string sql)
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync();
        await using var connection = new NpgsqlConnection(PostgresServer.AsRole(database, PostgresServer.TestRoles.WorkflowRole));
        await connection.OpenAsync();

        var error = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand(sql, connection).ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        NpgsqlConnection.ClearPool(connection);
    }

    [Fact]
    public async Task The_workflow_role_reads_what_its_clocks_and_emails_need()
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync();
        var force = await WorkflowData.ForceAsync(database);
        var handler = await WorkflowData.HandlerAsync(database, force, "reader");
        var @case = await WorkflowData.CaseAsync(database, force, new DateOnly(2026, 11, 20), handler);
        await using var connection = new NpgsqlConnection(PostgresServer.AsRole(database, PostgresServer.TestRoles.WorkflowRole));
        await connection.OpenAsync();

        var submitted = await new NpgsqlCommand($"""SELECT "SubmittedOn" FROM "Cases" WHERE "Id" = '{@case.Id}'""", connection).ExecuteScalarAsync();
        var handlers = await new NpgsqlCommand($"""SELECT count(*) FROM workflow_case_handlers('{@case.Id}')""", connection).ExecuteScalarAsync();
        var email = await new NpgsqlCommand($"""SELECT "Email" FROM "StaffMembers" WHERE "Id" = '{handler.Id}'""", connection).ExecuteScalarAsync();

        Assert.Equal(new DateOnly(2026, 11, 20), Assert.IsType<DateOnly>(submitted));
        Assert.Equal(1L, handlers);
        Assert.Equal("reader@force.test", email);
        NpgsqlConnection.ClearPool(connection);
    }
}
