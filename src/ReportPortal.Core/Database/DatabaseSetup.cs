using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ReportPortal.Core.Database;

public static class DatabaseSetup
{
    public const string ConnectionStringName = "ReportPortal";

    /// <summary>Registers the DbContext and the clock every feature depends on. Secrets are each process's own.</summary>
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
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(Clocks.WorkingCalendar.FromConfiguration(configuration));
        return services;
    }

    /// <summary>
    /// Migrates at start-up only when ReportPortal:MigrateOnStartup is true. Off by default: in production
    /// the faces connect as roles that cannot change the schema, and the operator tool migrates as its owner.
    /// </summary>
    public static async Task MigrateOnStartupAsync(IServiceProvider services, IConfiguration configuration)
    {
        if (configuration.GetValue("ReportPortal:MigrateOnStartup", false))
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
