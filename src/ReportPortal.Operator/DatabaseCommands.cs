using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ReportPortal.Core.Database;
using ReportPortal.Core.Forces;
using ReportPortal.Core.Secrets;

namespace ReportPortal.Operator;

internal static class DatabaseCommands
{
    public const string DemoForceCode = "demo";

    public static async Task<int> MigrateAsync()
    {
        await using var services = BuildServices();
        await DatabaseSetup.MigrateAsync(services);
        Console.WriteLine("Database schema is up to date.");
        return 0;
    }

    public static async Task<int> SeedDemoAsync()
    {
        await using var services = BuildServices();
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportPortalDbContext>();
        await DemoData.EnsureAsync(db);
        Console.WriteLine("Demo force is in place.");
        return 0;
    }

    private static ServiceProvider BuildServices()
    {
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddReportPortalSettingsFile()
            .Build();
        return new ServiceCollection().AddReportPortalCore(configuration).BuildServiceProvider();
    }
}

/// <summary>The demo force for local runs and tests.</summary>
public static class DemoData
{
    public static async Task EnsureAsync(ReportPortalDbContext db)
    {
        if (!await db.Forces.AnyAsync(f => f.Code == DatabaseCommands.DemoForceCode))
        {
            db.Forces.Add(new Force { Code = DatabaseCommands.DemoForceCode, Name = "Demo Constabulary" });
            await db.SaveChangesAsync();
        }
    }
}
