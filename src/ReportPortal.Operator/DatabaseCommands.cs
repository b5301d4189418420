using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Database;
using ReportPortal.Core.Forces;
using ReportPortal.Core.Retention;
using ReportPortal.Core.Secrets;
using ReportPortal.Core.Staff;

namespace ReportPortal.Operator;

internal static class DatabaseCommands
{
    public const string DemoForceCode = "demo";

    /// <summary>
    /// Migrates as the schema owner, then (when ReportPortal:Database:ReporterRole, StaffRole and WorkflowRole are set)
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
            Console.WriteLine($"Privileges granted to {roles.ReporterRole} (reporter face), {roles.StaffRole} (staff face) and {roles.WorkflowRole} (workflow).");
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
        await DemoData.EnsureShreddedHistoryAsync(db, TimeProvider.System);
        Console.WriteLine("Demo force, demo staff accounts (one per role) and a demo history of shredded cases are in place.");
        return 0;
    }

    /// <summary>
    /// The first administrator: an account with no password yet and a one-time enrolment link, printed once.
    /// Whoever opens the link sets the password, gets their key pair and enrols TOTP.
    /// </summary>
    public static async Task<int> CreateAdminAsync(string[] args)
    {
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var email = Option("--email");
        var name = Option("--name");
        var forceCode = Option("--force");
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(forceCode))
        {
            Console.Error.WriteLine("Usage: create-admin --email EMAIL --name NAME --force CODE|national");
            return 2;
        }

        var configuration = Configuration();
        await using var services = BuildServices(configuration);
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportPortalDbContext>();
        Guid? forceId = null;
        if (forceCode != "national")
        {
            var force = await db.Forces.SingleOrDefaultAsync(f => f.Code == forceCode);
            if (force is null)
            {
                Console.Error.WriteLine($"There is no force with code '{forceCode}'.");
                return 1;
            }

            forceId = force.Id;
        }

        var normalised = StaffMember.NormaliseEmail(email);
        if (await db.StaffMembers.AnyAsync(m => m.NormalizedEmail == normalised))
        {
            Console.Error.WriteLine("An account with that email address exists already.");
            return 1;
        }

        var member = new StaffMember { Email = email.Trim(), DisplayName = name.Trim(), ForceId = forceId, CreatedOn = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime) };
        db.StaffMembers.Add(member);
        db.StaffMemberRoles.Add(new StaffRoleAssignment { StaffMemberId = member.Id, Role = "administrator" });
        await db.SaveChangesAsync();
        var link = await StaffInvitations.CreateAsync(db, member, TimeProvider.System, CancellationToken.None);
        Console.WriteLine($"Administrator account created. Its one-time enrolment link (valid for 3 days; shown only now), after the staff face's address:");
        Console.WriteLine(link);
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

    /// <summary>Moves every grant off a retention key so it can be destroyed (docs/retention.md); safe to run twice.</summary>
    public static async Task<int> RetireRetentionKeyAsync(string[] args)
    {
        if (args is not ["--key", var keyId])
        {
            Console.Error.WriteLine("Usage: retire-retention-key --key ID");
            return 2;
        }

        var configuration = Configuration();
        await using var services = BuildServices(configuration);
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportPortalDbContext>();
        var audit = new AuditLog(db, new AuditKey(SecretSettings.Key(configuration, "ReportPortal:Staff", "AuditKey")), TimeProvider.System);
        try
        {
            var moved = await RetentionKeyRetirement.MoveOffAsync(db, RetentionKeys.FromConfiguration(configuration), keyId, audit, CancellationToken.None);
            Console.WriteLine($"{moved} grants moved off '{keyId}'. Now remove '{keyId}' from every settings file, vault and settings backup: that makes the cases shredded under it unreadable in every database backup.");
            return 0;
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }

    internal static IConfiguration Configuration()
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
        var workflow = configuration["ReportPortal:Database:WorkflowRole"];
        return string.IsNullOrWhiteSpace(reporter) || string.IsNullOrWhiteSpace(staff) || string.IsNullOrWhiteSpace(workflow)
            ? null
            : new DatabaseRoles(reporter, staff, workflow);
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

/// <summary>The demo force and one demo account for each role, for local runs and tests.</summary>
public static class DemoData
{
    /// <summary>DEMO ONLY: the RFC 6238 test secret ("12345678901234567890"), shared by every demo account so run-local can print it.</summary>
    public static readonly byte[] TotpSecret = "12345678901234567890"u8.ToArray();

    public const string TotpSecretBase32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    /// <summary>Demo only: printed by run-local so a person trying the service can sign in at once in each role.</summary>
    public static readonly (string Email, string Name, string StaffNumber, string Password, string Role, bool Intake)[] Accounts =
    [
        ("handler.one@demo.invalid", "Demo Handler One", "1001", "demo-handler-one-password", "handler", true),
        ("handler.two@demo.invalid", "Demo Handler Two", "1002", "demo-handler-two-password", "handler", true),
        ("welfare@demo.invalid", "Demo Welfare Lead", "1003", "demo-welfare-lead-password", "welfare-lead", false),
        ("custodian@demo.invalid", "Demo Custodian", "1004", "demo-custodian-password", "custodian", false),
        ("admin@demo.invalid", "Demo Administrator", "1005", "demo-administrator-password", "administrator", false),
        ("oversight@demo.invalid", "Demo Oversight Analyst", "1006", "demo-oversight-analyst-password", "oversight-analyst", false),
    ];

    public static async Task EnsureAsync(ReportPortalDbContext db, DemoStaffSecrets secrets)
    {
        var force = await db.Forces.SingleOrDefaultAsync(f => f.Code == DatabaseCommands.DemoForceCode);
        if (force is null)
        {
            force = new Force { Code = DatabaseCommands.DemoForceCode, Name = "Demo Constabulary" };
            db.Forces.Add(force);
        }

        var hasher = new PasswordHasher<StaffMember>();
        foreach (var (email, name, staffNumber, password, role, intake) in Accounts)
        {
            var member = await db.StaffMembers.SingleOrDefaultAsync(s => s.Email == email);
            if (member is null)
            {
                member = new StaffMember
                {
                    ForceId = force.Id,
                    Email = email,
                    DisplayName = name,
                    IsIntakeHandler = intake,
                    StaffNumberIndex = secrets.Indexes.StaffNumber(force.Code, staffNumber),
                };
                StaffKeys.Enrol(member, password, secrets.StaffKeyPepper, secrets.KeyPinKey);
                db.StaffMembers.Add(member);
            }

            // Accounts from before sign-in existed get what sign-in needs; their keys stay as they are.
            if (member.PasswordHash is null)
            {
                member.PasswordHash = hasher.HashPassword(member, password);
                member.TotpSecret = TotpSecrets.Seal(TotpSecret, member.Id, secrets.StaffKeyPepper);
                member.TwoFactorEnabled = true;
            }

            // Accounts seeded before TOTP secrets were sealed at rest get theirs sealed now.
            if (member.TotpSecret is { } stored && TotpSecrets.IsUnsealed(stored))
            {
                member.TotpSecret = TotpSecrets.Seal(stored, member.Id, secrets.StaffKeyPepper);
            }

            if (!await db.StaffMemberRoles.AnyAsync(r => r.StaffMemberId == member.Id && r.Role == role))
            {
                db.StaffMemberRoles.Add(new StaffRoleAssignment { StaffMemberId = member.Id, Role = role });
            }
        }

        await db.SaveChangesAsync();
    }

    /// <summary>
    /// DEMO ONLY: tombstones of cases "shredded" at the end of their default retention periods (closed 14 to
    /// 37 months ago), so the oversight statistics page has figures before anyone files a demo report (a fresh
    /// demo has no cases). Tombstones carry no content; added once, when the demo force has none.
    /// </summary>
    public static async Task EnsureShreddedHistoryAsync(ReportPortalDbContext db, TimeProvider time)
    {
        var force = await db.Forces.SingleAsync(f => f.Code == DatabaseCommands.DemoForceCode);
        if (await db.CaseTombstones.AnyAsync(t => t.ForceId == force.Id))
        {
            return;
        }

        var month = CaseTombstone.MonthOf(Core.Clocks.UkCalendar.Today(time));
        (int MonthsAgo, CaseOutcome Outcome, int Count, bool? AcknowledgedOnTime, bool? FeedbackOnTime)[] history =
        [
            (37, CaseOutcome.PracticeRequiringImprovement, 6, true, false),
            (26, CaseOutcome.NoCaseToAnswer, 7, true, true),
            (25, CaseOutcome.NoCaseToAnswer, 9, true, true),
            (25, CaseOutcome.InsufficientInformation, 5, false, true),
            (14, CaseOutcome.Withdrawn, 3, false, null),
        ];
        foreach (var (monthsAgo, outcome, count, acknowledged, feedback) in history)
        {
            for (var i = 0; i < count; i++)
            {
                db.CaseTombstones.Add(new CaseTombstone
                {
                    ForceId = force.Id,
                    Outcome = outcome,
                    SubmittedMonth = month.AddMonths(-monthsAgo - 4),
                    ClosedMonth = month.AddMonths(-monthsAgo),
                    ShreddedOn = Core.Clocks.UkCalendar.Today(time),
                    AcknowledgedOnTime = acknowledged,
                    FeedbackOnTime = feedback,
                });
            }
        }

        await db.SaveChangesAsync();
    }
}
