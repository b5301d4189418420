using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using ReportPortal.Core.Database;
using ReportPortal.Tests.Infrastructure;

namespace ReportPortal.Tests.Database;

/// <summary>
/// The migrations are written by hand, so this proves they build exactly the schema the EF model
/// describes: one database is migrated, another is created straight from the model, and their
/// tables, columns, keys, indexes and constraints are compared.
/// </summary>
public sealed class MigratedSchemaTests
{
    [Fact]
    public async Task The_migrated_schema_equals_the_model()
    {
        var server = await PostgresServer.GetAsync();
        var migrated = await server.CreateDatabaseAsync();
        var fromModel = await server.CreateDatabaseAsync();

        await using (var db = Context(migrated))
        {
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }

        await using (var db = Context(fromModel))
        {
            await db.Database.EnsureCreatedAsync();
        }

        var expected = await DescribeAsync(fromModel);
        var actual = await DescribeAsync(migrated);

        Assert.NotEmpty(expected);
        Assert.True(!expected.Except(actual).Any(), "Missing from the migrated schema:\n" + string.Join('\n', expected.Except(actual)));
        Assert.True(!actual.Except(expected).Any(), "Not in the model:\n" + string.Join('\n', actual.Except(expected)));
    }

    [Fact]
    public async Task Migrating_twice_changes_nothing()
    {
        var server = await PostgresServer.GetAsync();
        var database = await server.CreateDatabaseAsync();
        await using var db = Context(database);
        await db.Database.MigrateAsync();
        var before = await DescribeAsync(database);

        await db.Database.MigrateAsync();

        Assert.Equal(before, await DescribeAsync(database));
    }

    private static ReportPortalDbContext Context(string connectionString) => new(
        new DbContextOptionsBuilder<ReportPortalDbContext>()
            .UseNpgsql(connectionString)
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning))
            .Options);

    /// <summary>One line per schema fact, sorted, leaving out EF's own history table.</summary>
    private static async Task<List<string>> DescribeAsync(string connectionString)
    {
        const string sql = """
            select 'column ' || table_name || '.' || column_name || ' ' || data_type
                   || coalesce('(' || character_maximum_length || ')', '') || ' null=' || is_nullable
                   || ' default=' || coalesce(column_default, '') || ' identity=' || is_identity
              from information_schema.columns where table_schema = 'public'
            union all
            select 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
              from pg_constraint where connamespace = 'public'::regnamespace
            union all
            select 'index ' || indexname || ' ' || indexdef from pg_indexes where schemaname = 'public'
            """;
        var lines = new List<string>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var line = reader.GetString(0);
            if (!line.Contains("__EFMigrationsHistory", StringComparison.Ordinal))
            {
                lines.Add(line);
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
