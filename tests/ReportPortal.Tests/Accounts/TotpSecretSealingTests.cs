extern alias @operator;

using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Staff;
using ReportPortal.Tests.TestHost;
using DemoData = @operator::ReportPortal.Operator.DemoData;
using DemoStaffSecrets = @operator::ReportPortal.Operator.DemoStaffSecrets;

namespace ReportPortal.Tests.Accounts;

/// <summary>TOTP secrets are sealed at rest, and demo accounts seeded before that are sealed by the next seed-demo.</summary>
public sealed class TotpSecretSealingTests : ReporterAppTest
{
    [Fact]
    public async Task Seed_demo_seals_new_accounts_and_reseals_ones_stored_plain_and_they_still_sign_in()
    {
        var secrets = new DemoStaffSecrets(App.Settings.StaffKeyPepper, App.Settings.KeyPinKey, App.Settings.Indexes);
        await App.WithDatabaseAsync(db => DemoData.EnsureAsync(db, secrets));
        // An account as seed-demo used to leave it: the secret stored plain.
        var old = await App.WithDatabaseAsync(async db =>
        {
            var member = await db.StaffMembers.SingleAsync(m => m.Email == "handler.one@demo.invalid");
            member.TotpSecret = DemoData.TotpSecret;
            await db.SaveChangesAsync();
            return member.Id;
        });

        await App.WithDatabaseAsync(db => DemoData.EnsureAsync(db, secrets));

        var members = await App.WithDatabaseAsync(db => db.StaffMembers.AsNoTracking().ToListAsync());
        Assert.Equal(DemoData.Accounts.Length, members.Count);
        Assert.All(members, m =>
        {
            Assert.False(TotpSecrets.IsUnsealed(m.TotpSecret!));
            Assert.Equal(DemoData.TotpSecret, TotpSecrets.Open(m.TotpSecret!, m.Id, App.Settings.StaffKeyPepper));
        });
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(
            () => TotpSecrets.Open(members.Single(m => m.Id == old).TotpSecret!, members.First(m => m.Id != old).Id, App.Settings.StaffKeyPepper));

        await using var staff = new StaffApp(App);
        var session = new PageSession(staff.CreateClient());
        var signIn = await session.GetAsync("/staff/sign-in");
        var code = await session.SubmitAsync(signIn, "sign-in", ("email", "handler.one@demo.invalid"), ("password", "demo-handler-one-password"));
        var home = await session.SubmitAsync(code, "code", ("code", StaffSignIn.Code(DemoData.TotpSecret, App.Clock.GetUtcNow())));
        Assert.Equal("/staff", home.Address.AbsolutePath);
    }
}
