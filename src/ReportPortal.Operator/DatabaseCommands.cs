using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Database;
using ReportPortal.Core.Forces;
using ReportPortal.Core.Secrets;
using ReportPortal.Core.Staff;

namespace ReportPortal.Operator;

internal static class DatabaseCommands
{
    public const string DemoForceCode = "demo";

    /// <summary>
    /// Migrates as the schema owner, then (when ReportPortal:Database:ReporterRole and StaffRole are set)
    /// grants each process's role exactly what it needs.
    /// </summary>
    public static async Task<int> MigrateAsync()
    {
        var configuration = Configuration();
        await using var services = BuildServices(configuration);
        await DatabaseSetup.MigrateAsync(services);
        Console.WriteLine("Database schema is up to date.");
        if (Roles(configuration) is { } roles)
        {
            using var scope = services.CreateScope();
            await DatabasePrivileges.ApplyAsync(scope.ServiceProvider.GetRequiredService<ReportPortalDbContext>(), roles);
            Console.WriteLine($"Privileges granted to {roles.ReporterRole} (reporter face) and {roles.StaffRole} (staff face).");
        }

        return 0;
    }

    public static async Task<int> SeedDemoAsync()
    {
        var configuration = Configuration();
        await using var services = BuildServices(configuration);
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportPortalDbContext>();
        await DemoData.EnsureAsync(db, DemoStaffSecrets.FromConfiguration(configuration));
        Console.WriteLine("Demo force and intake handlers are in place.");
        return 0;
    }

    public static async Task<int> VerifyAuditAsync()
    {
        var configuration = Configuration();
        await using var services = BuildServices(configuration);
        using var scope = services.CreateScope();
        var result = await AuditLog.VerifyAsync(
            scope.ServiceProvider.GetRequiredService<ReportPortalDbContext>(),
            SecretSettings.Key(configuration, "ReportPortal:Staff", "AuditKey"),
            CancellationToken.None);
        if (result.Intact)
        {
            Console.WriteLine($"The audit chain is whole: {result.Entries} entries.");
            return 0;
        }

        Console.Error.WriteLine($"The audit chain is broken at entry {result.FirstBrokenSequence}: {result.Problem}. The {result.Entries} entries before it are whole.");
        return 1;
    }

    private static IConfiguration Configuration()
    {
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddReportPortalSettingsFile()
            .Build();
        SecretSettings.RefuseForeignSecrets(configuration, SecretSettings.OperatorProcess);
        return configuration;
    }

    private static DatabaseRoles? Roles(IConfiguration configuration)
    {
        var reporter = configuration["ReportPortal:Database:ReporterRole"];
        var staff = configuration["ReportPortal:Database:StaffRole"];
        return string.IsNullOrWhiteSpace(reporter) || string.IsNullOrWhiteSpace(staff) ? null : new DatabaseRoles(reporter, staff);
    }

    private static ServiceProvider BuildServices(IConfiguration configuration) =>
        new ServiceCollection().AddReportPortalCore(configuration).BuildServiceProvider();
}

/// <summary>The staff secrets the operator needs to enrol demo staff keys (read from the staff face's settings file).</summary>
public sealed record DemoStaffSecrets(byte[] StaffKeyPepper, byte[] KeyPinKey, BlindIndexes Indexes)
{
    public static DemoStaffSecrets FromConfiguration(IConfiguration configuration) => new(
        SecretSettings.Key(configuration, "ReportPortal:Staff", "StaffKeyPepper"),
        SecretSettings.Key(configuration, "ReportPortal:Staff", "KeyPinKey"),
        new BlindIndexes(SecretSettings.Key(configuration, "ReportPortal:Staff", "IndexKey")));
}

/// <summary>The demo force and its two demo intake handlers, for local runs and tests.</summary>
public static class DemoData
{
    /// <summary>Demo only: printed by run-local so a person trying the service can act as a handler.</summary>
    public static readonly (string Email, string Name, string StaffNumber, string Password)[] Handlers =
    [
        ("handler.one@demo.invalid", "Demo Handler One", "1001", "demo-handler-one-password"),
        ("handler.two@demo.invalid", "Demo Handler Two", "1002", "demo-handler-two-password"),
    ];

    public static async Task EnsureAsync(ReportPortalDbContext db, DemoStaffSecrets secrets)
    {
        var force = await db.Forces.SingleOrDefaultAsync(f => f.Code == DatabaseCommands.DemoForceCode);
        if (force is null)
        {
            force = new Force { Code = DatabaseCommands.DemoForceCode, Name = "Demo Constabulary" };
            db.Forces.Add(force);
        }

        foreach (var (email, name, staffNumber, password) in Handlers)
        {
            if (await db.StaffMembers.AnyAsync(s => s.Email == email))
            {
                continue;
            }

            var member = new StaffMember
            {
                ForceId = force.Id,
                Email = email,
                DisplayName = name,
                IsIntakeHandler = true,
                StaffNumberIndex = secrets.Indexes.StaffNumber(force.Code, staffNumber),
            };
            StaffKeys.Enrol(member, password, secrets.StaffKeyPepper, secrets.KeyPinKey);
            db.StaffMembers.Add(member);
        }

        await db.SaveChangesAsync();
    }
}
