using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ReportPortal.Core.Secrets;

namespace ReportPortal.Core.Database;

public static class DatabaseSetup
{
    public const string ConnectionStringName = "ReportPortal";

    /// <summary>Registers the DbContext, the secrets and the clock every feature depends on.</summary>
    public static IServiceCollection AddReportPortalCore(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not set. Point it at a PostgreSQL 15+ database.");
        }

        // The model snapshot is replaced by MigratedSchemaTests, which compares the migrated schema
        // with the model directly, so EF's snapshot-based pending-changes check is switched off.
        services.AddDbContext<ReportPortalDbContext>(options => options
            .UseNpgsql(connectionString)
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)));
        services.AddSingleton(_ => ServiceSecrets.FromConfiguration(configuration));
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>Migrates at start-up unless ReportPortal:MigrateOnStartup is false (operators may prefer the CLI).</summary>
    public static async Task MigrateOnStartupAsync(IServiceProvider services, IConfiguration configuration)
    {
        if (configuration.GetValue("ReportPortal:MigrateOnStartup", true))
        {
            await MigrateAsync(services);
        }
    }

    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportPortalDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
    }
}
