extern alias staff;

using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Staff;
using ReportPortal.Tests.Infrastructure;
using CaseIntake = staff::ReportPortal.StaffFace.Intake.CaseIntake;
using StaffSecrets = staff::ReportPortal.StaffFace.Secrets.StaffSecrets;

namespace ReportPortal.Tests.TestHost;

/// <summary>Staff members with real enrolled keys, and intake run as the staff role, for tests beside a reporter face.</summary>
public static class StaffFixtures
{
    public static string Password(string name) => $"{name}-correct-horse-battery";

    /// <summary>The member's authenticator secret: known to the test, as it is to the member's app.</summary>
    public static byte[] TotpSecret(string name) => SHA256.HashData(Encoding.UTF8.GetBytes("totp/" + name))[..20];

    /// <summary>
    /// A staff member of the demo force (or <paramref name="forceId"/>), enrolled as the enrolment page
    /// leaves them: password <see cref="Password"/>, keys, TOTP secret <see cref="TotpSecret"/>, and the
    /// given roles (a handler unless told otherwise).
    /// </summary>
    public static async Task<StaffMember> AddStaffAsync(
        this ReporterApp app, string name, string staffNumber, bool intake = true, Guid? forceId = null, IReadOnlyList<string>? roles = null)
    {
        forceId ??= await app.WithDatabaseAsync(db => db.Forces.Where(f => f.Code == "demo").Select(f => f.Id).SingleAsync());
        var member = new StaffMember
        {
            ForceId = forceId,
            Email = $"{name}@force.test",
            DisplayName = name,
            IsIntakeHandler = intake,
            StaffNumberIndex = app.Settings.Indexes.StaffNumber("demo", staffNumber),
        };
        StaffKeys.Enrol(member, Password(name), app.Settings.StaffKeyPepper, app.Settings.KeyPinKey);
        member.PasswordHash = new PasswordHasher<StaffMember>().HashPassword(member, Password(name));
        member.TotpSecret = TotpSecrets.Seal(TotpSecret(name), member.Id, app.Settings.StaffKeyPepper);
        member.TwoFactorEnabled = true;
        await app.WithDatabaseAsync(async db =>
        {
            db.StaffMembers.Add(member);
            db.StaffMemberRoles.AddRange((roles ?? ["handler"]).Select(role => new StaffRoleAssignment { StaffMemberId = member.Id, Role = role }));
            await db.SaveChangesAsync();
        });
        return member;
    }

    /// <summary>One intake pass, connected as the staff database role with the staff face's own settings.</summary>
    public static async Task<int> RunIntakeAsync(this ReporterApp app)
    {
        using var secrets = StaffSecrets.FromConfiguration(app.Settings.Staff);
        await using var db = ReporterApp.Database(PostgresServer.AsRole(app.AdminConnectionString, PostgresServer.TestRoles.StaffRole));
        var intake = new CaseIntake(db, secrets, new AuditLog(db, secrets.AuditKey, app.Clock), app.Clock, WorkingCalendar.EnglandAndWales, NullLogger<CaseIntake>.Instance);
        return await intake.TakeInWaitingAsync(CancellationToken.None);
    }
}
