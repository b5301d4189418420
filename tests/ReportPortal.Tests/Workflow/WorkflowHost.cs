extern alias workflow;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Forces;
using ReportPortal.Core.Staff;
using ReportPortal.Tests.Infrastructure;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Workflow;

/// <summary>One workflow process, connected as the workflow role, with its own settings, polling every second unless told otherwise.</summary>
public sealed class WorkflowHost(string adminConnectionString, int smtpPort, TimeProvider clock, TimeSpan? pollInterval = null) : WebApplicationFactory<workflow::Program>
{
    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:ReportPortal", PostgresServer.AsRole(adminConnectionString, PostgresServer.TestRoles.WorkflowRole));
        builder.UseSetting("ReportPortal:Smtp:Host", "127.0.0.1");
        builder.UseSetting("ReportPortal:Smtp:Port", smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("ReportPortal:Smtp:From", "workflow@force.test");
        builder.UseSetting("ReportPortal:Workflow:PollInterval", (pollInterval ?? TimeSpan.FromSeconds(1)).ToString("c", System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("ReportPortal:Workflow:StaffSiteUrl", "https://staff.force.test/");
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(clock));
    }
}

/// <summary>Rows made directly as the schema owner: a force, handlers and cases granted to them.</summary>
public static class WorkflowData
{
    public static async Task<Force> ForceAsync(string adminConnectionString)
    {
        var force = new Force { Code = "wf" + Guid.NewGuid().ToString("N")[..6], Name = "Workflow Constabulary" };
        await using var db = ReporterApp.Database(adminConnectionString);
        db.Forces.Add(force);
        await db.SaveChangesAsync();
        return force;
    }

    public static async Task<StaffMember> HandlerAsync(string adminConnectionString, Force force, string name)
    {
        var member = new StaffMember { ForceId = force.Id, Email = $"{name}@force.test", DisplayName = name, PublicKey = [1], WrappedPrivateKey = [2] };
        await using var db = ReporterApp.Database(adminConnectionString);
        db.StaffMembers.Add(member);
        await db.SaveChangesAsync();
        return member;
    }

    /// <summary>A case filed on <paramref name="submittedOn"/> and granted to <paramref name="handlers"/> (the wrapped keys are stand-ins).</summary>
    public static async Task<Case> CaseAsync(string adminConnectionString, Force force, DateOnly submittedOn, params StaffMember[] handlers)
    {
        var @case = new Case
        {
            ForceId = force.Id,
            Reference = "RP-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant(),
            SubmittedOn = submittedOn,
            ReceiptLookup = Guid.NewGuid().ToByteArray(),
            SubmissionTokenHash = Guid.NewGuid().ToByteArray(),
            SealedAccount = [1, 2, 3],
        };
        foreach (var handler in handlers)
        {
            @case.Grants.Add(new KeyGrant
            {
                CaseId = @case.Id,
                Purpose = KeyPurpose.CaseContent,
                Holder = KeyHolder.Staff,
                HolderKeyId = "test",
                RetentionKeyId = "test",
                StaffMemberId = handler.Id,
                WrappedKey = [9],
                GrantedOn = submittedOn,
            });
        }

        await using var db = ReporterApp.Database(adminConnectionString);
        db.Cases.Add(@case);
        await db.SaveChangesAsync();
        return @case;
    }
}
