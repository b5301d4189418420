using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Cases;

/// <summary>
/// Who may open the case pages, with members signed in through the real sign-in pages: signed out is sent
/// to sign in; every other role, and every case a handler may not work, meets one and the same "not found".
/// </summary>
public sealed class CaseAuthorizationTests : StaffAppTest
{
    [Theory]
    [InlineData("/staff/cases")]
    [InlineData("/staff/cases/8a0c6f0e-2d4b-4c71-9d55-0d3f5f1a2b3c")]
    [InlineData("/staff/cases?sort=oldest&after=none.00000000000000000000000000000000")]
    public async Task Signed_out_the_case_pages_send_you_to_sign_in_by_path_whatever_host_the_request_names(string path)
    {
        using var client = Staff.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var host in new[] { "localhost", "127.0.0.1" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Host = host;
            request.Headers.Add("X-Forwarded-Host", "evil.example");
            request.Headers.Add("X-Forwarded-Proto", "https");

            var response = await client.SendAsync(request);

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/staff/sign-in", response.Headers.Location!.OriginalString);
        }
    }

    [Fact]
    public async Task Every_role_but_handler_gets_not_found_for_the_inbox_and_a_case_the_same_as_an_unknown_address()
    {
        var alice = await App.AddStaffAsync("alice", "4001");
        // Each is in the intake group, yet intake grants handlers only; below, a grant written for each of them
        // directly shows that the role, not the grant, keeps them out.
        var others = new List<Core.Staff.StaffMember>();
        foreach (var (role, number) in new[] { ("welfare-lead", "4101"), ("custodian", "4102"), ("administrator", "4103"), ("oversight-analyst", "4104") })
        {
            others.Add(await App.AddStaffAsync(role, number, roles: [role]));
        }

        await FileAsync(new ReportFields());
        await App.RunIntakeAsync();
        var caseId = await App.WithDatabaseAsync(db => db.Cases.Select(c => c.Id).SingleAsync());
        // The handler alone holds the case key (the welfare lead holds only the welfare key, the custodian only the identity key).
        Assert.Equal(1, await App.WithDatabaseAsync(db => db.KeyGrants.CountAsync(g => g.CaseId == caseId && g.StaffMemberId != null && g.Purpose == Core.Cases.KeyPurpose.CaseContent)));
        await App.WithDatabaseAsync(async db =>
        {
            var granted = await db.KeyGrants.AsNoTracking().SingleAsync(g => g.CaseId == caseId && g.StaffMemberId == alice.Id);
            db.KeyGrants.AddRange(others.Select(member => new Core.Cases.KeyGrant
            {
                CaseId = caseId,
                Purpose = granted.Purpose,
                Holder = granted.Holder,
                HolderKeyId = granted.HolderKeyId,
                RetentionKeyId = granted.RetentionKeyId,
                StaffMemberId = member.Id,
                WrappedKey = granted.WrappedKey,
                GrantedOn = granted.GrantedOn,
            }));
            await db.SaveChangesAsync();
        });
        var holder = await Staff.SignInAsync(alice);
        Assert.Equal(HttpStatusCode.OK, (await holder.GetAsync("/staff/cases")).Status);
        Assert.Equal(HttpStatusCode.OK, (await holder.GetAsync($"/staff/cases/{caseId}")).Status);
        var unknown = await holder.GetAsync("/staff/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal("Page not found", unknown.Document.QuerySelector("h1")!.TextContent);

        foreach (var member in others)
        {
            var session = await Staff.SignInAsync(member);
            foreach (var path in new[] { "/staff/cases", $"/staff/cases/{caseId}" })
            {
                var page = await session.GetAsync(path);
                Assert.Equal(HttpStatusCode.NotFound, page.Status);
                Assert.Equal(MainContent(unknown), MainContent(page));
            }
        }
    }

    [Fact]
    public async Task Another_forces_case_a_case_without_a_grant_and_a_made_up_id_all_answer_the_same_not_found()
    {
        var alice = await App.AddStaffAsync("alice", "4001");
        await FileAsync(new ReportFields());
        await App.RunIntakeAsync();
        var dora = await App.AddStaffAsync("dora", "4009", intake: false);
        var caseId = await App.WithDatabaseAsync(db => db.Cases.Select(c => c.Id).SingleAsync());
        var otherForce = await App.WithDatabaseAsync(async db =>
        {
            var force = new Core.Forces.Force { Code = "other", Name = "Other Constabulary" };
            db.Forces.Add(force);
            await db.SaveChangesAsync();
            return force.Id;
        });
        var eve = await App.AddStaffAsync("eve", "5001", intake: false, forceId: otherForce);

        var aliceSession = await Staff.SignInAsync(alice);
        Assert.Equal(HttpStatusCode.OK, (await aliceSession.GetAsync($"/staff/cases/{caseId}")).Status);
        var madeUp = await aliceSession.GetAsync($"/staff/cases/{Guid.NewGuid()}");
        var doraSession = await Staff.SignInAsync(dora);
        var notGranted = await doraSession.GetAsync($"/staff/cases/{caseId}");
        var otherForcePage = await (await Staff.SignInAsync(eve)).GetAsync($"/staff/cases/{caseId}");

        foreach (var page in new[] { madeUp, notGranted, otherForcePage })
        {
            Assert.Equal(HttpStatusCode.NotFound, page.Status);
            Assert.Equal("Page not found", page.Document.QuerySelector("h1")!.TextContent);
            Assert.Equal(MainContent(madeUp), MainContent(page));
        }

        Assert.Empty((await doraSession.GetAsync("/staff/cases")).Document.QuerySelectorAll("#cases a"));
    }

    /// <summary>What the page says, without the per-request antiforgery token of the header's sign-out form.</summary>
    private static string MainContent(LoadedPage page) => page.Document.QuerySelector("main")?.OuterHtml ?? throw new InvalidOperationException($"No main on {page.Address}");
}
