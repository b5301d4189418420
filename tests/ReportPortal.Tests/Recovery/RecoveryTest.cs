extern alias @operator;

using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Staff;
using ReportPortal.Tests.TestHost;
using NewSettings = @operator::ReportPortal.Operator.NewSettings;
using RecoverStaff = @operator::ReportPortal.Operator.RecoverStaff;
using RegrantCase = @operator::ReportPortal.Operator.RegrantCase;

namespace ReportPortal.Tests.Recovery;

/// <summary>A reporter face and the staff face on one database, with the operator tool's recover-staff run in-process.</summary>
public abstract class RecoveryTest : StaffAppTest
{
    protected const string Custodian = "custodian";

    /// <summary>Files a confidential report and takes it in, so every intake handler holds its case key; returns the case.</summary>
    protected async Task<Guid> FileConfidentialCaseAsync(string what)
    {
        var before = await App.WithDatabaseAsync(db => db.Cases.Select(c => c.Id).ToListAsync());
        await FileAsync(new ReportFields()
            .Set("what", what)
            .Set("identity", "confidential")
            .Set("reporter-name", "Sergeant Brave Reporter")
            .Set("reporter-staff-number", "CS 4471"));
        await App.RunIntakeAsync();
        return await App.WithDatabaseAsync(db => db.Cases.Where(c => !before.Contains(c.Id)).Select(c => c.Id).SingleAsync());
    }

    /// <summary>Gives <paramref name="member"/> a grant of the case's identity key, made from the escrow grant as a custodian's would be.</summary>
    protected Task GrantIdentityAsync(Guid caseId, StaffMember member) => GrantFromEscrowAsync(caseId, KeyPurpose.ReporterIdentity, member);

    /// <summary>Gives <paramref name="member"/> a staff grant of the case's key for <paramref name="purpose"/>, made from the escrow grant.</summary>
    protected async Task GrantFromEscrowAsync(Guid caseId, KeyPurpose purpose, StaffMember member)
    {
        await App.WithDatabaseAsync(async db =>
        {
            var escrowGrant = await db.KeyGrants.SingleAsync(g => g.CaseId == caseId && g.Holder == KeyHolder.Escrow && g.Purpose == purpose);
            var key = CaseGrants.OpenWithPrivateKey(escrowGrant, App.Escrow, App.Retention);
            var grant = CaseGrants.ToPublicKey(caseId, purpose, KeyHolder.Staff, key, member.PublicKey, App.Retention, new DateOnly(2026, 11, 22));
            grant.StaffMemberId = member.Id;
            db.KeyGrants.Add(grant);
            await db.SaveChangesAsync();
        });
    }

    /// <summary>The operator's recover-staff, with the staff settings file, the schema owner's connection and the test clock.</summary>
    protected Task<(int Exit, string Output, string Error)> RunOperatorAsync(Guid requestId, string? escrowKeyFile = null) =>
        RunEscrowCommandAsync(RecoverStaff.RunAsync, requestId, escrowKeyFile);

    /// <summary>The operator's regrant-case, run the same way.</summary>
    protected Task<(int Exit, string Output, string Error)> RunRegrantAsync(Guid requestId) => RunEscrowCommandAsync(RegrantCase.RunAsync, requestId, null);

    private async Task<(int Exit, string Output, string Error)> RunEscrowCommandAsync(
        Func<string[], IConfiguration, TimeProvider, TextWriter, TextWriter, Task<int>> command, Guid requestId, string? escrowKeyFile)
    {
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(App.Settings.Staff)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:ReportPortal"] = App.AdminConnectionString })
            .Build();
        await using var output = new StringWriter();
        await using var error = new StringWriter();
        var exit = await command(
            ["--request", requestId.ToString(), "--escrow-key", escrowKeyFile ?? Path.Combine(App.Settings.Directory, NewSettings.EscrowKeyFile)],
            configuration, App.Clock, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Starts a recovery of <paramref name="member"/> through the page, as the signed-in custodian.</summary>
    protected static async Task<LoadedPage> StartRecoveryAsync(PageSession custodian, StaffMember member)
    {
        var page = await custodian.GetAsync("/staff/recovery");
        return await custodian.SubmitAsync(page, "start", ("member", member.Id.ToString()), ("checked", "yes"));
    }

    /// <summary>Presses the approve button of the request (the only one offered to this custodian, if any).</summary>
    protected static async Task<LoadedPage> ApproveAsync(PageSession custodian, Guid requestId, int? version = null)
    {
        var page = await custodian.GetAsync("/staff/recovery");
        var value = page.Document.QuerySelector($"button[name='request'][value^='{requestId}:']")?.GetAttribute("value")
            ?? $"{requestId}:{version ?? 0}";
        return await custodian.SubmitAsync(page, "approve", ("request", version is null ? value : $"{requestId}:{version}"));
    }

    protected Task<StaffRecoveryRequest> RequestForAsync(StaffMember member) =>
        App.WithDatabaseAsync(db => db.StaffRecoveryRequests.AsNoTracking().Include(r => r.Approvals).SingleAsync(r => r.StaffMemberId == member.Id));

    /// <summary>Signs in with an email, password and authenticator secret through the real pages; null if the password step refused.</summary>
    protected async Task<PageSession?> SignInWithAsync(StaffMember member, string password, byte[] totpSecret)
    {
        var session = new PageSession(Staff.CreateClient());
        var signIn = await session.GetAsync("/staff/sign-in");
        var codePage = await session.SubmitAsync(signIn, "sign-in", ("email", member.Email!), ("password", password));
        if (codePage.Address.AbsolutePath != "/staff/sign-in/code")
        {
            return null;
        }

        var step = await StaffSignIn.UnusedStepAsync(Staff, member.Id);
        var home = await session.SubmitAsync(codePage, "code", ("code", StaffSignIn.Code(totpSecret, step)));
        Assert.True(home.Status == HttpStatusCode.OK && home.Address.AbsolutePath == "/staff", $"{member.DisplayName} was not signed in: {home.Status} at {home.Address}");
        return session;
    }
}
