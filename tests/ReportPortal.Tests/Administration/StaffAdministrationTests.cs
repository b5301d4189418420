using System.Net;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Administration;

/// <summary>Staff accounts through the real pages: invitation, the one-time link, roles, deactivation and new links.</summary>
public sealed class StaffAdministrationTests : AdminTest
{
    [Fact]
    public async Task An_invitation_is_checked_keeps_what_was_typed_and_refuses_a_second_account_for_one_email()
    {
        var admin = await AddAdminAsync();
        var browser = await SignInAsync(admin);
        var form = await browser.GetAsync("/staff/admin/staff/invite");

        var bad = await browser.SubmitAsync(form, "invite",
            ("name", "Sam Patel"), ("email", "sam patel at force"), ("force", "demo"), ("staff-number", ""), ("roles", "welfare-lead"), ("intake", "yes"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.Status);
        Assert.Equal(
            [
                "Enter an email address in the right format, like name@force.police.uk",
                "Enter the person's staff or collar number: it keeps reports about them away from them",
                "Only a case handler can be in the intake group: choose the case handler role too, or untick the intake group",
            ],
            bad.ErrorSummary);
        Assert.Equal("Sam Patel", bad.Document.QuerySelector("#name")!.GetAttribute("value"));
        Assert.Equal("sam patel at force", bad.Document.QuerySelector("#email")!.GetAttribute("value"));
        Assert.Equal("demo", bad.Document.QuerySelector("#force option[selected]")!.GetAttribute("value"));
        Assert.True(bad.Document.QuerySelector("input[name='roles'][value='welfare-lead']")!.HasAttribute("checked"));
        Assert.True(bad.Document.QuerySelector("input[name='intake']")!.HasAttribute("checked"));

        var national = await browser.SubmitAsync(form, "invite", ("name", "Sam"), ("email", "sam@force.test"), ("force", "national"), ("roles", "handler"));
        Assert.StartsWith("A case handler works a force's cases", national.ErrorFor("roles"), StringComparison.Ordinal);
        var none = await browser.SubmitAsync(form, "invite", ("name", "Sam"), ("email", "sam@force.test"), ("force", "demo"), ("staff-number", "12"));
        Assert.Equal("Choose at least one role", none.ErrorFor("roles"));

        var duplicate = await browser.SubmitAsync(form, "invite", ("name", "Ada Again"), ("email", " ADA@Force.Test "), ("force", "national"), ("roles", "administrator"));
        Assert.Equal("An account with this email address exists already: each person has one account", duplicate.ErrorFor("email"));
        Assert.Equal(1, await App.WithDatabaseAsync(db => db.StaffMembers.CountAsync()));
    }

    [Fact]
    public async Task The_enrolment_link_is_shown_once_works_once_through_the_real_enrolment_page_and_is_never_stored_or_logged()
    {
        var admin = await AddAdminAsync();
        var browser = await SignInAsync(admin);
        var form = await browser.GetAsync("/staff/admin/staff/invite");
        var shown = await browser.SubmitAsync(form, "invite",
            ("name", "Sam Patel"), ("email", "sam.patel@force.test"), ("force", "demo"), ("staff-number", "PC 0789"), ("roles", "handler"), ("roles", "custodian"), ("intake", "yes"));
        Assert.Equal(HttpStatusCode.OK, shown.Status);
        Assert.Contains("ReportPortal has not sent this link to anyone", shown.Text, StringComparison.Ordinal);
        var link = new Uri(shown.Document.QuerySelector("#enrolment-link")!.TextContent.Trim());
        Assert.Equal("/staff/enrol", link.AbsolutePath);
        var token = link.Query["?token=".Length..];
        Assert.True(token.Length >= 40);

        var member = await App.WithDatabaseAsync(db => db.StaffMembers.AsNoTracking().SingleAsync(m => m.Email == "sam.patel@force.test"));
        Assert.Equal(("Sam Patel", true, false), (member.DisplayName, member.IsIntakeHandler, member.TwoFactorEnabled));
        // The conflict-of-interest index: "PC 0789" is the same number as a report's "789".
        Assert.Equal(App.Settings.Indexes.StaffNumber("demo", "789"), member.StaffNumberIndex);
        Assert.Equal(["custodian", "handler"], await App.WithDatabaseAsync(db => db.StaffMemberRoles.Where(r => r.StaffMemberId == member.Id).Select(r => r.Role).OrderBy(r => r).ToListAsync()));
        var invited = (await AuditAsync()).Last();
        Assert.Equal((AuditActions.StaffInvited, admin.Id, $"staff {member.Id:N}: roles handler,custodian; intake yes"), (invited.Action, invited.StaffMemberId, invited.Detail));

        // Shown in that one answer only: not on the account's page, the list, the audit trail, a log or any table.
        foreach (var path in new[] { "/staff/admin/staff", $"/staff/admin/staff/{member.Id}", "/staff/admin/audit" })
        {
            Assert.DoesNotContain(token, (await browser.GetAsync(path)).Html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(token, Staff.Logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(await AuditAsync(), e => e.Detail?.Contains(token, StringComparison.Ordinal) == true);
        var dump = await App.WithDatabaseAsync(db => db.Database.SqlQueryRaw<string>(
            """SELECT row_to_json(i)::text AS "Value" FROM "StaffInvitations" i UNION ALL SELECT row_to_json(m)::text FROM "StaffMembers" m""").ToListAsync());
        Assert.DoesNotContain(dump, row => row.Contains(token, StringComparison.Ordinal));

        // The person enrols through the real page with the link, then the link is spent.
        var (newcomer, done) = await EnrolAsync(link.PathAndQuery, "a long and private passphrase");
        Assert.Contains("Your account is ready", done.Text, StringComparison.Ordinal);
        var spent = await newcomer.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.NotFound, spent.Status);
        Assert.Null(spent.Document.QuerySelector("input[name='password']"));
        var account = await browser.GetAsync($"/staff/admin/staff/{member.Id}");
        Assert.Equal("Active", account.Document.QuerySelector("#status")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_new_link_replaces_a_lost_one_only_while_the_account_is_not_set_up()
    {
        var admin = await AddAdminAsync();
        var browser = await SignInAsync(admin);
        var first = await InviteAsync(browser, "sam.patel@force.test");
        var member = await App.WithDatabaseAsync(db => db.StaffMembers.AsNoTracking().SingleAsync(m => m.Email == "sam.patel@force.test"));

        var page = await browser.GetAsync($"/staff/admin/staff/{member.Id}");
        Assert.False(page.Document.GetElementById("reissue")!.ParentElement!.HasAttribute("hidden"));
        var reissued = await browser.SubmitAsync(page, "reissue");
        var second = reissued.Document.QuerySelector("#enrolment-link")!.TextContent.Trim();
        Assert.NotEqual(first, second);
        Assert.Equal(AuditActions.EnrolmentLinkIssued, (await AuditAsync()).Last().Action);

        Assert.Equal(HttpStatusCode.NotFound, (await new PageSession(Staff.CreateClient()).GetAsync(new Uri(first).PathAndQuery)).Status);
        var (_, done) = await EnrolAsync(new Uri(second).PathAndQuery, "a long and private passphrase");
        Assert.Contains("Your account is ready", done.Text, StringComparison.Ordinal);

        // Set up now: no link is offered, and a post from the old page is refused (it would let its holder replace the password and key).
        var after = await browser.GetAsync($"/staff/admin/staff/{member.Id}");
        Assert.True(after.Document.GetElementById("reissue")!.ParentElement!.HasAttribute("hidden"));
        var refused = await browser.SubmitAsync(after, "reissue");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Null(refused.Document.QuerySelector("#enrolment-link"));
        Assert.Equal(0, await App.WithDatabaseAsync(db => db.StaffInvitations.CountAsync(i => i.UsedAt == null)));
    }

    [Fact]
    public async Task Roles_and_intake_change_a_stale_page_is_refused_and_the_last_administrator_keeps_the_role()
    {
        var admin = await AddAdminAsync();
        var handler = await AddMemberAsync("hal", ["handler"], intake: true);
        var browser = await SignInAsync(admin);
        var page = await browser.GetAsync($"/staff/admin/staff/{handler.Id}");
        Assert.Equal([("roles", "handler"), ("intake", "yes")], Shown(page, "access"));

        var bad = await browser.SubmitAsync(page, "access", ("roles", "custodian"), ("intake", "yes"));
        Assert.StartsWith("Only a case handler can be in the intake group", bad.ErrorFor("intake"), StringComparison.Ordinal);
        Assert.True(bad.Document.QuerySelector("input[name='roles'][value='custodian']")!.HasAttribute("checked"));
        Assert.False(bad.Document.QuerySelector("input[name='roles'][value='handler']")!.HasAttribute("checked"));

        var saved = await browser.SubmitAsync(page, "access", ("roles", "handler"), ("roles", "custodian"));
        Assert.Equal("The roles were saved.", saved.Document.QuerySelector("#success-message")?.TextContent);
        var stored = await App.WithDatabaseAsync(db => db.StaffMembers.AsNoTracking().SingleAsync(m => m.Id == handler.Id));
        Assert.False(stored.IsIntakeHandler);
        Assert.Equal($"staff {handler.Id:N}: roles handler,custodian; intake no", (await AuditAsync()).Last().Detail);

        // The page loaded before that save is out of date now.
        var stale = await browser.SubmitAsync(page, "access", ("roles", "welfare-lead"));
        Assert.Equal(HttpStatusCode.Conflict, stale.Status);
        Assert.StartsWith("This account changed after you opened this page. Nothing was saved", stale.ErrorSummary.Single(), StringComparison.Ordinal);
        Assert.Equal(["custodian", "handler"], await App.WithDatabaseAsync(db => db.StaffMemberRoles.Where(r => r.StaffMemberId == handler.Id).Select(r => r.Role).OrderBy(r => r).ToListAsync()));

        // The only administrator cannot take away their own role; with a second one set up, they can.
        var own = await browser.GetAsync($"/staff/admin/staff/{admin.Id}");
        var last = await browser.SubmitAsync(own, "access", ("roles", "oversight-analyst"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, last.Status);
        Assert.StartsWith("This is the last administrator who can sign in", last.ErrorFor("roles"), StringComparison.Ordinal);
        await InviteAsync(browser, "not.set.up@force.test", "administrator");
        own = await browser.GetAsync($"/staff/admin/staff/{admin.Id}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await browser.SubmitAsync(own, "access", ("roles", "oversight-analyst"))).Status);
        await AddMemberAsync("bea", ["administrator"], national: true);
        own = await browser.GetAsync($"/staff/admin/staff/{admin.Id}");
        var handedOver = await browser.SubmitAsync(own, "access", ("roles", "oversight-analyst"));
        Assert.Equal(HttpStatusCode.NotFound, handedOver.Status); // no longer an administrator: the page itself is gone for them
        Assert.Equal(["oversight-analyst"], await App.WithDatabaseAsync(db => db.StaffMemberRoles.Where(r => r.StaffMemberId == admin.Id).Select(r => r.Role).ToListAsync()));
    }

    [Fact]
    public async Task Deactivation_ends_every_session_of_the_account_at_once_and_is_audited_but_nobody_deactivates_themselves()
    {
        var admin = await AddAdminAsync();
        var handler = await AddMemberAsync("hal", ["handler"], intake: true);
        var handlerBrowser = await SignInAsync(handler);
        Assert.Equal(HttpStatusCode.OK, (await handlerBrowser.GetAsync("/staff/account")).Status);
        var stampBefore = await App.WithDatabaseAsync(db => db.StaffMembers.Where(m => m.Id == handler.Id).Select(m => m.SecurityStamp).SingleAsync());

        var browser = await SignInAsync(admin);
        var page = await browser.GetAsync($"/staff/admin/staff/{handler.Id}");
        var done = await browser.SubmitAsync(page, "deactivate");
        Assert.Equal("The account was deactivated and its sessions ended.", done.Document.QuerySelector("#success-message")?.TextContent);

        var stored = await App.WithDatabaseAsync(db => db.StaffMembers.AsNoTracking().SingleAsync(m => m.Id == handler.Id));
        Assert.False(stored.IsActive);
        Assert.NotEqual(stampBefore, stored.SecurityStamp);
        Assert.Equal(0, await App.WithDatabaseAsync(db => db.StaffSessions.CountAsync(s => s.StaffMemberId == handler.Id)));
        Assert.Equal("/staff/sign-in", (await handlerBrowser.GetAsync("/staff/account")).Address.AbsolutePath);
        var entry = (await AuditAsync()).Last();
        Assert.Equal((AuditActions.StaffDeactivated, admin.Id, $"staff {handler.Id:N}"), (entry.Action, entry.StaffMemberId, entry.Detail));

        // The password no longer signs in either.
        var stranger = new PageSession(Staff.CreateClient());
        var signIn = await stranger.GetAsync("/staff/sign-in");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await stranger.SubmitAsync(signIn, "sign-in", ("email", handler.Email!), ("password", StaffFixtures.Password("hal")))).Status);

        var own = await browser.GetAsync($"/staff/admin/staff/{admin.Id}");
        Assert.True(own.Document.GetElementById("deactivate")!.ParentElement!.HasAttribute("hidden"));
        var refused = await browser.SubmitAsync(own, "deactivate");
        Assert.Equal("You cannot deactivate your own account: ask another administrator", refused.ErrorSummary.Single());
        Assert.True(await App.WithDatabaseAsync(db => db.StaffMembers.Where(m => m.Id == admin.Id).Select(m => m.IsActive).SingleAsync()));
    }

    private static async Task<string> InviteAsync(PageSession browser, string email, string role = "handler")
    {
        var form = await browser.GetAsync("/staff/admin/staff/invite");
        var shown = await browser.SubmitAsync(form, "invite",
            ("name", "Sam Patel"), ("email", email), ("force", "demo"), ("staff-number", "789"), ("roles", role));
        return shown.Document.QuerySelector("#enrolment-link")?.TextContent.Trim() ?? throw new InvalidOperationException(string.Join("; ", shown.ErrorSummary));
    }

    /// <summary>Password, then the authenticator code computed from the key the page shows, as a new member does it.</summary>
    private async Task<(PageSession Browser, LoadedPage Done)> EnrolAsync(string path, string password)
    {
        var newcomer = new PageSession(Staff.CreateClient());
        var start = await newcomer.GetAsync(path);
        Assert.Equal("Set up your account", start.Document.QuerySelector("h1")?.TextContent.Trim());
        var totp = await newcomer.SubmitAsync(start, "password", ("password", password));
        var secret = Base32(totp.Document.QuerySelector(".rp-totp-key")!.TextContent);
        var done = await newcomer.SubmitAsync(totp, "totp", ("code", StaffSignIn.Code(secret, Staff.Clock.GetUtcNow())));
        return (newcomer, done);
    }

    /// <summary>RFC 4648 base32, decoded here rather than with the application's own code.</summary>
    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(text.Where(char.IsLetterOrDigit).Select(c => Convert.ToString(alphabet.IndexOf(char.ToUpperInvariant(c)), 2).PadLeft(5, '0')));
        return Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2)).ToArray();
    }
}
