using Npgsql;
using ReportPortal.Tests.Infrastructure;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Trust;

/// <summary>
/// The staff role's one right on files chosen before a report is sent: reading which blobs they name (for
/// the orphan sweep). Their sealed fields, the hash wrapped for intake and any change stay out of its reach.
/// </summary>
public sealed class StaffRolePendingFilesTests : ReporterAppTest
{
    [Fact]
    public async Task The_staff_role_reads_the_pending_files_storage_keys()
    {
        Assert.Equal(0, await ScalarAsStaffAsync("""SELECT count("StorageKey") + count("OriginalStorageKey") FROM "PendingEvidenceFiles" """));
    }

    [Theory]
    [InlineData("""SELECT * FROM "PendingEvidenceFiles" """)]
    [InlineData("""SELECT "SealedDescription" FROM "PendingEvidenceFiles" """)]
    [InlineData("""SELECT "SealedContentHash" FROM "PendingEvidenceFiles" """)]
    [InlineData("""SELECT "HashForIndex" FROM "PendingEvidenceFiles" """)]
    [InlineData("""SELECT "Id" FROM "PendingEvidenceFiles" """)]
    [InlineData("""DELETE FROM "PendingEvidenceFiles" """)]
    [InlineData("""UPDATE "PendingEvidenceFiles" SET "ExpiresAt" = now()""")]
    [InlineData("""INSERT INTO "PendingEvidenceFiles" ("Id", "SealedDescription", "StorageKey", "SealedLength", "MetadataRemoved", "SealedContentHash", "ExpiresAt") VALUES (gen_random_uuid(), '\x00', 'k', 1, true, '\x00', now())""")]
    public async Task The_staff_role_is_refused_everything_else_of_pending_files(string sql)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsStaffAsync(sql));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    private async Task<long> ScalarAsStaffAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresServer.AsRole(App.AdminConnectionString, PostgresServer.TestRoles.StaffRole));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }
}
