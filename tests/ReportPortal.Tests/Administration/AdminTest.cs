using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Staff;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Administration;

/// <summary>
/// A reporter face and the real staff face over one database, with staff who sign in through the real
/// pages (password, then a TOTP code computed by the test), as administrators and every other role.
/// </summary>
public abstract class AdminTest : ReporterAppTest
{
    private readonly Dictionary<Guid, byte[]> _totpSecrets = [];

    protected StaffApp Staff { get; private set; } = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Staff = new StaffApp(App);
    }

    public override async Task DisposeAsync()
    {
        await Staff.DisposeAsync();
        await base.DisposeAsync();
    }

    protected Task<Guid> ForceIdAsync(string code) => App.WithDatabaseAsync(db => db.Forces.Where(f => f.Code == code).Select(f => f.Id).SingleAsync());

    /// <summary>A set-up account (password, key pair, confirmed TOTP) of the demo force, or national when <paramref name="national"/>.</summary>
    protected async Task<StaffMember> AddMemberAsync(string name, string[] roles, bool national = false, string forceCode = "demo", bool intake = false)
    {
        var secret = RandomNumberGenerator.GetBytes(20);
        var member = new StaffMember
        {
            Email = $"{name.Replace(' ', '.').ToLowerInvariant()}@force.test",
            DisplayName = name,
            ForceId = national ? null : await ForceIdAsync(forceCode),
            IsIntakeHandler = intake,
            StaffNumberIndex = national ? null : App.Settings.Indexes.StaffNumber(forceCode, "9" + _totpSecrets.Count),
            TwoFactorEnabled = true,
        };
        member.TotpSecret = TotpSecrets.Seal(secret, member.Id, App.Settings.StaffKeyPepper);
        StaffKeys.Enrol(member, StaffFixtures.Password(name), App.Settings.StaffKeyPepper, App.Settings.KeyPinKey);
        member.PasswordHash = new PasswordHasher<StaffMember>().HashPassword(member, StaffFixtures.Password(name));
        await App.WithDatabaseAsync(async db =>
        {
            db.StaffMembers.Add(member);
            db.StaffMemberRoles.AddRange(roles.Select(role => new StaffRoleAssignment { StaffMemberId = member.Id, Role = role }));
            await db.SaveChangesAsync();
        });
        _totpSecrets[member.Id] = secret;
        return member;
    }

    protected Task<StaffMember> AddAdminAsync(string name = "ada", bool national = true) => AddMemberAsync(name, ["administrator"], national);

    /// <summary>Signs in through the sign-in and code pages; the clock moves on a step afterwards so the next sign-in needs a fresh code.</summary>
    protected async Task<PageSession> SignInAsync(StaffMember member)
    {
        var browser = new PageSession(Staff.CreateClient());
        var signIn = await browser.GetAsync("/staff/sign-in");
        var codePage = await browser.SubmitAsync(signIn, "sign-in", ("email", member.Email!), ("password", StaffFixtures.Password(member.DisplayName)));
        var home = await browser.SubmitAsync(codePage, "code", ("code", StaffSignIn.Code(_totpSecrets[member.Id], Staff.Clock.GetUtcNow())));
        Assert.Equal("/staff", home.Address.AbsolutePath);
        Staff.Clock.Advance(TimeSpan.FromSeconds(31));
        return browser;
    }

    protected byte[] TotpSecret(StaffMember member) => _totpSecrets[member.Id];

    protected Task<List<AuditEntry>> AuditAsync() =>
        App.WithDatabaseAsync(db => db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync());

    /// <summary>The value a browser would post for each field of the named form as the page shows it.</summary>
    internal static List<(string Name, string Value)> Shown(LoadedPage page, string formName)
    {
        var form = page.Document.QuerySelectorAll("form").Single(f => f.QuerySelector($"input[name='_handler'][value='{formName}']") is not null);
        var values = new List<(string, string)>();
        foreach (var element in form.QuerySelectorAll("input:not([type='hidden']), textarea"))
        {
            var name = element.GetAttribute("name")!;
            if (element.GetAttribute("type") is "radio" or "checkbox")
            {
                if (element.HasAttribute("checked"))
                {
                    values.Add((name, element.GetAttribute("value")!));
                }
            }
            else
            {
                values.Add((name, element.GetAttribute("value") ?? element.TextContent));
            }
        }

        return values;
    }
}
