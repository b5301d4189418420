using Npgsql;

namespace ReportPortal.Tests.Infrastructure;

public sealed class PostgresServerTests
{
    [Fact]
    public async Task A_created_database_can_be_written_to_and_dumped()
    {
        var server = await PostgresServer.GetAsync();
        var connectionString = await server.CreateDatabaseAsync();
        var marker = "canary-" + Guid.NewGuid().ToString("N");

        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL); INSERT INTO notes (body) VALUES (@body);",
                connection);
            command.Parameters.AddWithValue("body", marker);
            await command.ExecuteNonQueryAsync();
        }

        var dump = await server.DumpAsync(connectionString);

        Assert.Contains("CREATE TABLE public.notes", dump, StringComparison.Ordinal);
        Assert.Contains(marker, dump, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_database_starts_empty_and_separate()
    {
        var server = await PostgresServer.GetAsync();

        var first = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync());
        var second = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync());

        Assert.NotEqual(first.Database, second.Database);
        await using var connection = new NpgsqlConnection(second.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", connection);
        Assert.Equal(0L, await command.ExecuteScalarAsync());
    }
}
