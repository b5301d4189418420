using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Database;
using ReportPortal.Tests.Infrastructure;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Trust;

/// <summary>The audit chain notices an altered, removed or reordered entry, and the staff role cannot touch past entries.</summary>
public sealed class AuditChainTests : IAsyncLifetime
{
    private static readonly byte[] Key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
    private readonly ManualTimeProvider _clock = new();
    private string _database = default!;

    public async Task InitializeAsync()
    {
        _database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync();
        await using var db = ReporterApp.Database(PostgresServer.AsRole(_database, PostgresServer.TestRoles.StaffRole));
        var log = new AuditLog(db, new AuditKey(Key), _clock);
        var caseId = Guid.NewGuid();
        for (var i = 0; i < 5; i++)
        {
            await log.AppendAsync(AuditActions.CaseViewed, Guid.NewGuid(), caseId, null, CancellationToken.None);
            _clock.Advance(TimeSpan.FromSeconds(90));
        }
    }

    public Task DisposeAsync()
    {
        foreach (var connectionString in new[] { _database, PostgresServer.AsRole(_database, PostgresServer.TestRoles.StaffRole) })
        {
            using var connection = new NpgsqlConnection(connectionString);
            NpgsqlConnection.ClearPool(connection);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_untouched_chain_verifies_and_times_are_kept_to_the_minute()
    {
        var result = await VerifyAsync();

        Assert.True(result.Intact);
        Assert.Equal(5, result.Entries);
        await using var db = Admin();
        Assert.All(await db.AuditEntries.ToListAsync(), e => Assert.Equal(0, e.OccurredAt.Second));
    }

    [Fact]
    public async Task An_altered_entry_breaks_the_chain_at_that_entry()
    {
        await ExecuteAsAdminAsync("""UPDATE "AuditEntries" SET "Action" = 'sign-in' WHERE "Sequence" = 3""");

        var result = await VerifyAsync();

        Assert.Equal(3, result.FirstBrokenSequence);
        Assert.Contains("altered", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_removed_entry_breaks_the_chain_where_it_was()
    {
        await ExecuteAsAdminAsync("""DELETE FROM "AuditEntries" WHERE "Sequence" = 2""");

        var result = await VerifyAsync();

        Assert.Equal(2, result.FirstBrokenSequence);
        Assert.Contains("missing", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reordered_entries_break_the_chain_at_the_first_one_moved()
    {
        await ExecuteAsAdminAsync("""
            UPDATE "AuditEntries" SET "Sequence" = -1 WHERE "Sequence" = 2;
            UPDATE "AuditEntries" SET "Sequence" = 2 WHERE "Sequence" = 3;
            UPDATE "AuditEntries" SET "Sequence" = 3 WHERE "Sequence" = -1;
            """);

        var result = await VerifyAsync();

        Assert.Equal(2, result.FirstBrokenSequence);
    }

    [Theory]
    [InlineData("""UPDATE "AuditEntries" SET "Detail" = 'x'""")]
    [InlineData("""DELETE FROM "AuditEntries" """)]
    [InlineData("""TRUNCATE "AuditEntries" """)]
    public async Task The_staff_role_can_append_but_never_change_or_remove_an_entry(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresServer.AsRole(_database, PostgresServer.TestRoles.StaffRole));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);

        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Equal("42501", error.SqlState);
    }

    private async Task<AuditVerification> VerifyAsync()
    {
        await using var db = Admin();
        return await AuditLog.VerifyAsync(db, Key, CancellationToken.None);
    }

    private ReportPortalDbContext Admin() => ReporterApp.Database(_database);

    private async Task ExecuteAsAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
