using Npgsql;
using ReportPortal.Tests.Infrastructure;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Trust;

/// <summary>
/// The reporter face's database role, tried directly against PostgreSQL after a real report was filed:
/// each forbidden read and write fails in the database itself, not only in code.
/// </summary>
public sealed class ReporterRoleTests : ReporterAppTest
{
    [Theory]
    [InlineData("""SELECT * FROM "StaffMembers" """)]
    [InlineData("""SELECT "GroupIndex" FROM "Cases" """)]
    [InlineData("""SELECT "Reference" FROM "Cases" """)]
    [InlineData("""SELECT "NameIndex" FROM "CaseSubjects" """)]
    [InlineData("""SELECT "StaffNumberIndex" FROM "CaseSubjects" """)]
    [InlineData("""SELECT "SealedDetails" FROM "CaseSubjects" """)]
    [InlineData("""SELECT * FROM "Deadlines" """)]
    [InlineData("""SELECT * FROM "EvidenceFiles" """)]
    [InlineData("""SELECT * FROM "__EFMigrationsHistory" """)]
    [InlineData("""UPDATE "Cases" SET "Status" = 'closed'""")]
    [InlineData("""UPDATE "Cases" SET "ReceiptLookup" = '\x00'""")]
    [InlineData("""UPDATE "KeyGrants" SET "WrappedKey" = '\x00'""")]
    [InlineData("""DELETE FROM "Cases" """)]
    [InlineData("""DELETE FROM "KeyGrants" """)]
    [InlineData("""DELETE FROM "CaseMessages" """)]
    [InlineData("""UPDATE "CaseMessages" SET "SealedBody" = '\x00'""")]
    [InlineData("""UPDATE "StaffMembers" SET "PublicKey" = '\x00'""")]
    [InlineData("""INSERT INTO "StaffMembers" ("Id", "Email", "DisplayName", "PublicKey", "WrappedPrivateKey", "PublicKeyPin", "IsActive", "CreatedOn", "IsIntakeHandler") VALUES (gen_random_uuid(), 'x@y', 'x', '\x00', '\x00', '\x00', true, current_date, true)""")]
    [InlineData("""CREATE TABLE "Planted" ("Id" int)""")]
    [InlineData("""ALTER TABLE "Cases" DISABLE ROW LEVEL SECURITY""")]
    [InlineData("""ALTER TABLE "KeyGrants" DISABLE ROW LEVEL SECURITY""")]
    [InlineData("""DROP POLICY reporter_reads_reporter_grants ON "KeyGrants" """)]
    [InlineData("""TRUNCATE "Cases" """)]
    public async Task The_reporter_role_is_refused(string sql)
    {
        await FileAsync(new ReportFields());

        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsReporterAsync(sql));

        Assert.Contains(error.SqlState, new[] { PostgresErrorCodes.InsufficientPrivilege, "42501" });
    }

    [Fact]
    public async Task The_reporter_role_sees_only_reporter_grants_and_its_own_key_ring_and_cannot_plant_a_staff_grant()
    {
        await FileAsync(new ReportFields().Set("identity", "confidential").Set("reporter-name", "A Person").Set("reporter-staff-number", "77"));
        await App.WithDatabaseAsync(async db =>
        {
            db.DataProtectionKeys.Add(new Core.DataProtection.DataProtectionKeyRecord { Ring = "staff", FriendlyName = "staff", Xml = "sealed" });
            await db.SaveChangesAsync();
        });

        Assert.Equal(1L, await ScalarAsReporterAsync("""SELECT count(*) FROM "KeyGrants" """));
        Assert.Equal(1L, await ScalarAsReporterAsync("""SELECT count(*) FROM "KeyGrants" WHERE "Holder" = 'reporter'"""));
        Assert.Equal(4L, await ScalarAsAdminAsync("""SELECT count(*) FROM "KeyGrants" """));
        Assert.Equal(0L, await ScalarAsReporterAsync("""SELECT count(*) FROM "DataProtectionKeys" WHERE "Ring" <> 'reporter'"""));

        var planted = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsReporterAsync("""
            INSERT INTO "KeyGrants" ("Id", "CaseId", "Purpose", "Holder", "HolderKeyId", "RetentionKeyId", "StaffMemberId", "WrappedKey", "GrantedOn")
            SELECT gen_random_uuid(), "Id", 'case-content', 'staff', 'x', 'x', NULL, '\x00', current_date FROM "Cases"
            """));
        Assert.Equal("42501", planted.SqlState);
        var ring = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsReporterAsync("""
            INSERT INTO "DataProtectionKeys" ("Ring", "FriendlyName", "Xml") VALUES ('staff', 'planted', 'x')
            """));
        Assert.Equal("42501", ring.SqlState);
    }

    [Fact]
    public async Task A_second_reporter_grant_planted_for_a_case_does_not_lock_its_reporter_out()
    {
        var (receipt, _, _) = await FileAsync(new ReportFields());
        await ExecuteAsReporterAsync("""
            INSERT INTO "KeyGrants" ("Id", "CaseId", "Purpose", "Holder", "HolderKeyId", "RetentionKeyId", "StaffMemberId", "WrappedKey", "GrantedOn")
            SELECT gen_random_uuid(), "Id", 'case-content', 'reporter', 'receipt', 'x', NULL, '\x0102', current_date FROM "Cases"
            """);

        var inbox = await SignInAsync(receipt.Display);

        Assert.Equal("/status/inbox", inbox.Address.AbsolutePath);
    }

    private Task<int> ExecuteAsReporterAsync(string sql) => ExecuteAsync(Reporter, sql);

    private string Reporter => PostgresServer.AsRole(App.AdminConnectionString, PostgresServer.TestRoles.ReporterRole);

    private async Task<long> ScalarAsReporterAsync(string sql) => await ScalarAsync(Reporter, sql);

    private async Task<long> ScalarAsAdminAsync(string sql) => await ScalarAsync(App.AdminConnectionString, sql);

    private static async Task<int> ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
