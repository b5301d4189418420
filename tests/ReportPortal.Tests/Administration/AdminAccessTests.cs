using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Staff;

namespace ReportPortal.Tests.Administration;

/// <summary>Administration pages exist for administrators only, and each administrator manages only their own scope.</summary>
public sealed class AdminAccessTests : AdminTest
{
    [Fact]
    public async Task Every_admin_page_renders_for_an_administrator_answers_404_to_every_other_role_and_sends_strangers_to_sign_in()
    {
        var admin = await AddAdminAsync();
        var invited = await AddMemberAsync("ivy", ["handler"]);
        var pages = AdminPages(invited);

        var browser = await SignInAsync(admin);
        foreach (var (path, heading) in pages)
        {
            var page = await browser.GetAsync(path);
            Assert.True(page.Status == HttpStatusCode.OK, $"{path} answered {page.Status}");
            Assert.Equal(heading, page.Document.QuerySelector("h1")?.TextContent.Trim());
        }

        foreach (var role in new[] { "handler", "welfare-lead", "custodian", "oversight-analyst" })
        {
            var other = await SignInAsync(await AddMemberAsync($"someone-{role}", [role], national: role == "oversight-analyst"));
            foreach (var (path, _) in pages)
            {
                var page = await other.GetAsync(path);
                Assert.True(page.Status == HttpStatusCode.NotFound, $"{role} got {page.Status} for {path}");
                Assert.DoesNotContain("ivy@force.test", page.Html, StringComparison.Ordinal);
            }

            // A post is refused before any form is read: nothing is created.
            var form = await browser.GetAsync("/staff/admin/forces/new");
            var posted = await other.SubmitAsync(form, "new-force", ("name", "Sneaky Constabulary"), ("code", "sneaky"));
            Assert.Equal(HttpStatusCode.NotFound, posted.Status);
        }

        Assert.False(await App.WithDatabaseAsync(db => db.Forces.AnyAsync(f => f.Code == "sneaky")));

        using var stranger = Staff.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var (path, _) in pages)
        {
            var response = await stranger.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/staff/sign-in", response.Headers.Location!.OriginalString);
        }
    }

    [Fact]
    public async Task A_force_administrator_manages_only_their_own_force_and_its_staff()
    {
        var forceAdmin = await AddMemberAsync("fran", ["administrator"]);
        var elsewhere = await AddMemberAsync("otto", ["handler"], forceCode: "closed");
        var national = await AddMemberAsync("nat", ["oversight-analyst"], national: true);
        var browser = await SignInAsync(forceAdmin);

        var forces = await browser.GetAsync("/staff/admin/forces");
        Assert.Contains("Demo Constabulary", forces.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Closed Constabulary", forces.Text, StringComparison.Ordinal);
        Assert.Null(forces.Document.QuerySelector("a[href='/staff/admin/forces/new']"));

        var staff = await browser.GetAsync("/staff/admin/staff");
        Assert.Contains("fran@force.test", staff.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("otto@force.test", staff.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("nat@force.test", staff.Text, StringComparison.Ordinal);

        foreach (var path in new[] { "/staff/admin/forces/closed", "/staff/admin/forces/new", $"/staff/admin/staff/{elsewhere.Id}", $"/staff/admin/staff/{national.Id}", $"/staff/admin/staff/{Guid.NewGuid()}", "/staff/admin/forces/nowhere" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(path)).Status);
        }

        // The invitation offers their own force only, and a made-up force code in the post is refused.
        var invite = await browser.GetAsync("/staff/admin/staff/invite");
        Assert.Null(invite.Document.QuerySelector("select[name='force']"));
        var refused = await browser.SubmitAsync(invite, "invite",
            ("name", "Mallory"), ("email", "mallory@force.test"), ("force", "closed"), ("staff-number", "77"), ("roles", "handler"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Contains("Choose the force the person works for", refused.ErrorSummary);
        var national2 = await browser.SubmitAsync(invite, "invite",
            ("name", "Mallory"), ("email", "mallory@force.test"), ("force", "national"), ("roles", "administrator"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, national2.Status);
        Assert.Equal(0, await App.WithDatabaseAsync(db => db.StaffMembers.CountAsync(m => m.Email == "mallory@force.test")));
    }

    /// <summary>Every administration page (path, its heading) for a database holding the demo force and <paramref name="member"/>.</summary>
    internal static IReadOnlyList<(string Path, string Heading)> AdminPages(StaffMember member) =>
    [
        ("/staff/admin/forces", "Forces"),
        ("/staff/admin/forces/new", "Add a force"),
        ("/staff/admin/forces/demo", "Demo Constabulary"),
        ("/staff/admin/staff", "Staff accounts"),
        ("/staff/admin/staff/invite", "Invite a member of staff"),
        ($"/staff/admin/staff/{member.Id}", member.DisplayName),
        ("/staff/admin/audit", "Audit trail"),
    ];
}
