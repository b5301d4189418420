using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Staff;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Accounts;

/// <summary>
/// Staff sign-in through the pages as a browser without scripts uses them: password, then a TOTP code
/// computed here from RFC 6238, never one taken from the application's own code.
/// </summary>
public sealed class StaffSignInTests : ReporterAppTest
{
    private const string Email = "alice@force.invalid";
    private const string Password = "correct horse battery staple";
    private static readonly byte[] TotpSecret = RandomNumberGenerator.GetBytes(20);

    [Fact]
    public async Task Password_then_code_signs_in_and_is_audited()
    {
        await using var staff = new StaffApp(App);
        await AddMemberAsync("administrator");
        var (browser, codePage) = await PasswordAsync(staff, Password);
        Assert.Equal("/staff/sign-in/code", codePage.Address.AbsolutePath);

        var home = await browser.SubmitAsync(codePage, "code", ("code", StaffSignIn.Code(TotpSecret, staff.Clock.GetUtcNow())));
        Assert.Equal("/staff", home.Address.AbsolutePath);
        Assert.Contains("Staff accounts and roles", home.Text, StringComparison.Ordinal);

        Assert.Contains(await staff.Reporter.WithDatabaseAsync(db => db.AuditEntries.Select(e => e.Action).ToListAsync()), a => a == AuditActions.SignIn);
    }

    [Fact]
    public async Task Replayed_code_is_refused()
    {
        await using var staff = new StaffApp(App);
        await AddMemberAsync("handler");
        var code = StaffSignIn.Code(TotpSecret, staff.Clock.GetUtcNow());
        var (first, firstPage) = await PasswordAsync(staff, Password);
        Assert.Equal("/staff", (await first.SubmitAsync(firstPage, "code", ("code", code))).Address.AbsolutePath);

        var (second, secondPage) = await PasswordAsync(staff, Password);
        var refused = await second.SubmitAsync(secondPage, "code", ("code", code));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
    }

    [Fact]
    public async Task Unknown_account_wrong_password_and_locked_account_get_the_same_answer()
    {
        await using var staff = new StaffApp(App);
        await AddMemberAsync("handler");
        var unknown = await SubmitPasswordAsync(staff, "nobody@force.invalid", Password);
        var wrong = await SubmitPasswordAsync(staff, Email, "not the password at all");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.Status);
        Assert.Equal(unknown.ErrorSummary, wrong.ErrorSummary);

        for (var i = 0; i < 5; i++)
        {
            await SubmitPasswordAsync(staff, Email, "not the password at all");
        }

        // Locked now: even the right password is answered exactly as an unknown account is.
        var locked = await SubmitPasswordAsync(staff, Email, Password);
        Assert.Equal(unknown.ErrorSummary, locked.ErrorSummary);
    }

    [Fact]
    public async Task A_cookie_copied_after_sign_out_opens_nothing_and_password_change_rewraps_the_key()
    {
        await using var staff = new StaffApp(App);
        var member = await AddMemberAsync("handler");
        var (browser, codePage) = await PasswordAsync(staff, Password);
        await browser.SubmitAsync(codePage, "code", ("code", StaffSignIn.Code(TotpSecret, staff.Clock.GetUtcNow())));
        var row = await staff.Reporter.WithDatabaseAsync(db => db.StaffSessions.AsNoTracking().SingleAsync());
        Assert.Equal(StaffSession.SignedIn, row.Stage);

        var account = await browser.GetAsync("/staff/account");
        var changed = await browser.SubmitAsync(account, "password", ("current", Password), ("new", "a different long passphrase"));
        Assert.Contains("Your password has changed", changed.Text, StringComparison.Ordinal);
        var stored = await staff.Reporter.WithDatabaseAsync(db => db.StaffMembers.AsNoTracking().SingleAsync(m => m.Id == member.Id));
        Assert.ThrowsAny<CryptographicException>(() => StaffKeys.Unlock(stored, Password, App.Settings.StaffKeyPepper));
        using (var key = StaffKeys.Unlock(stored, "a different long passphrase", App.Settings.StaffKeyPepper))
        {
            Assert.Equal(member.PublicKey, key.PublicKeySpki);
        }

        // Sign out, then the session row is gone: the same cookie opens nothing.
        var page = await browser.GetAsync("/staff/account");
        var form = page.Document.QuerySelector("form[action='/staff/sign-out']")!;
        await browser.SubmitFormAsync(page, form);
        Assert.Equal(0, await staff.Reporter.WithDatabaseAsync(db => db.StaffSessions.CountAsync()));
        var after = await browser.GetAsync("/staff/account");
        Assert.Equal("/staff/sign-in", after.Address.AbsolutePath);
    }

    [Fact]
    public async Task Idle_sessions_end_by_the_injected_clock()
    {
        await using var staff = new StaffApp(App);
        await AddMemberAsync("handler");
        var (browser, codePage) = await PasswordAsync(staff, Password);
        await browser.SubmitAsync(codePage, "code", ("code", StaffSignIn.Code(TotpSecret, staff.Clock.GetUtcNow())));
        staff.Clock.Advance(TimeSpan.FromMinutes(31));
        var after = await browser.GetAsync("/staff/account");
        Assert.Equal("/staff/sign-in", after.Address.AbsolutePath);
    }

    private async Task<StaffMember> AddMemberAsync(string role)
    {
        var member = new StaffMember { Email = Email, DisplayName = "Alice", TwoFactorEnabled = true };
        member.TotpSecret = TotpSecrets.Seal(TotpSecret, member.Id, App.Settings.StaffKeyPepper);
        StaffKeys.Enrol(member, Password, App.Settings.StaffKeyPepper, App.Settings.KeyPinKey);
        member.PasswordHash = new PasswordHasher<StaffMember>().HashPassword(member, Password);
        await App.WithDatabaseAsync(async db =>
        {
            db.StaffMembers.Add(member);
            db.StaffMemberRoles.Add(new StaffRoleAssignment { StaffMemberId = member.Id, Role = role });
            await db.SaveChangesAsync();
        });
        return member;
    }

    private static async Task<(PageSession Browser, LoadedPage Page)> PasswordAsync(StaffApp staff, string password)
    {
        var browser = new PageSession(staff.CreateClient());
        var signIn = await browser.GetAsync("/staff/sign-in");
        return (browser, await browser.SubmitAsync(signIn, "sign-in", ("email", Email), ("password", password)));
    }

    private static async Task<LoadedPage> SubmitPasswordAsync(StaffApp staff, string email, string password)
    {
        var browser = new PageSession(staff.CreateClient());
        var signIn = await browser.GetAsync("/staff/sign-in");
        return await browser.SubmitAsync(signIn, "sign-in", ("email", email), ("password", password));
    }
}
