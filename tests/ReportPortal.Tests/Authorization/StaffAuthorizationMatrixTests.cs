extern alias staff;

using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReportPortal.Core.Staff;
using ReportPortal.Tests.TestHost;
using StaffRoles = staff::ReportPortal.StaffFace.Staff.StaffRoles;

namespace ReportPortal.Tests.Authorization;

/// <summary>
/// Every address the staff face answers, against no sign-in and each role: who may open it is written down
/// here once, and a new page or endpoint that is not in the table fails the first test until someone
/// decides who may see it.
/// </summary>
public sealed class StaffAuthorizationMatrixTests : StaffAppTest
{
    private static readonly string[] Anyone = ["*anyone*"];
    private static readonly string[] AnyMember = ["*signed-in*"];

    /// <summary>The internal API: an API key with the right scope, never a staff sign-in (HrEventsApiTests prove each refusal).</summary>
    private static readonly string[] ApiKey = ["*api-key*"];

    /// <summary>Route pattern (as mapped) and method, to the roles that may use it.</summary>
    private static readonly Dictionary<(string Pattern, string Method), string[]> Access = new()
    {
        [("/", "GET")] = Anyone,
        [("/healthz", "GET")] = Anyone,
        [("/staff/sign-in", "GET")] = Anyone,
        [("/staff/sign-in/code", "GET")] = Anyone,
        [("/staff/enrol", "GET")] = Anyone,
        [("/staff/error", "GET")] = Anyone,
        [("/staff/problem/{Code:int}", "GET")] = Anyone,
        // Ends whatever session the cookie names (none when signed out); an antiforgery-checked post.
        [("/staff/sign-out", "POST")] = Anyone,
        [("/staff", "GET")] = AnyMember,
        [("/staff/account", "GET")] = AnyMember,
        [("/staff/oversight", "GET")] = [StaffRoles.OversightAnalyst],
        [("/staff/cases", "GET")] = [StaffRoles.Handler],
        [("/staff/cases/{Id:guid}", "GET")] = [StaffRoles.Handler],
        [("/staff/cases/{caseId:guid}/files/{fileId:guid}/{variant}", "GET")] = [StaffRoles.Handler],
        [("/staff/cases/{caseId:guid}/files", "POST")] = [StaffRoles.Handler],
        [("/staff/admin/audit", "GET")] = [StaffRoles.Administrator],
        [("/staff/admin/forces", "GET")] = [StaffRoles.Administrator],
        [("/staff/admin/forces/new", "GET")] = [StaffRoles.Administrator],
        [("/staff/admin/forces/{Code}", "GET")] = [StaffRoles.Administrator],
        [("/staff/admin/staff", "GET")] = [StaffRoles.Administrator],
        [("/staff/admin/staff/invite", "GET")] = [StaffRoles.Administrator],
        [("/staff/admin/staff/{Id:guid}", "GET")] = [StaffRoles.Administrator],
        [("/staff/operations", "GET")] = [StaffRoles.Administrator],
        [("/staff/recovery", "GET")] = [StaffRoles.Custodian],
        // Welfare: welfare leads only (a handler, who holds the case key, is refused the welfare pages).
        [("/staff/welfare", "GET")] = [StaffRoles.WelfareLead],
        [("/staff/welfare/{Id:guid}", "GET")] = [StaffRoles.WelfareLead],
        // Disclosure of a confidential reporter's identity: the handler who holds the case asks and follows their
        // request; a custodian of the force who holds the identity key (not the requester) decides.
        [("/staff/cases/{Id:guid}/disclosure", "GET")] = [StaffRoles.Handler],
        [("/staff/disclosure", "GET")] = [StaffRoles.Custodian],
        [("/staff/disclosure/{RequestId:guid}", "GET")] = [StaffRoles.Handler, StaffRoles.Custodian],
        [("/staff/disclosure/{RequestId:guid}/decide", "GET")] = [StaffRoles.Custodian],
        // Related reports and conflicts: any member may declare a conflict; the rest is for handlers, own force only.
        [("/staff/conflicts", "GET")] = AnyMember,
        [("/staff/access-requests", "GET")] = [StaffRoles.Handler],
        [("/staff/access-requests/{Request:guid}", "GET")] = [StaffRoles.Handler],
        [("/staff/patterns", "GET")] = [StaffRoles.Handler],
        // HR events API: keys made and revoked by administrators; the API itself takes keys only; its description is public.
        [("/staff/admin/hr-api-keys", "GET")] = [StaffRoles.Administrator],
        [("/staff/admin/hr-api-keys/new", "GET")] = [StaffRoles.Administrator],
        [("/staff/admin/hr-api-keys/{Client:guid}", "GET")] = [StaffRoles.Administrator],
        [("/api/v1/hr-events", "POST")] = ApiKey,
        [("/api/v1/hr-events/validate", "POST")] = ApiKey,
        [("/openapi/v1.json", "GET")] = Anyone,
        // Retention: custodians of the force place and lift legal holds.
        [("/staff/holds", "GET")] = [StaffRoles.Custodian],
    };

    [Fact]
    public void Every_address_the_staff_face_maps_has_a_decided_rule_and_the_table_names_no_address_that_is_gone()
    {
        _ = Staff.Server;
        var mapped = Staff.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => Methods(e).Select(method => (Pattern: "/" + e.RoutePattern.RawText!.Trim('/'), Method: method)))
            .Where(e => !e.Pattern.StartsWith("/_", StringComparison.Ordinal))
            .ToHashSet();

        Assert.Empty(mapped.Except(Access.Keys).Select(e => $"{e.Method} {e.Pattern}"));
        Assert.Empty(Access.Keys.Except(mapped).Select(e => $"{e.Method} {e.Pattern}"));
    }

    [Fact]
    public async Task Signed_out_every_protected_address_sends_you_to_sign_in_and_each_role_reaches_only_its_own()
    {
        var members = new Dictionary<string, StaffMember>();
        var number = 5100;
        foreach (var role in StaffRoles.All)
        {
            members[role] = await App.AddStaffAsync(role, (number++).ToString(System.Globalization.CultureInfo.InvariantCulture), intake: role == StaffRoles.Handler, roles: [role]);
        }

        // A national administrator, who may also add forces (a force's own administrator may not).
        var admin = members[StaffRoles.Administrator].Id;
        await App.WithDatabaseAsync(db => db.StaffMembers.Where(m => m.Id == admin).ExecuteUpdateAsync(m => m.SetProperty(x => x.ForceId, (Guid?)null)));
        // Confidential, so the custodian holds its identity key and the handler can ask who reported.
        await FileAsync(new ReportFields().Set("identity", "confidential").Set("reporter-name", "A Person").Set("reporter-staff-number", "77"));
        await App.RunIntakeAsync();
        var caseId = await App.WithDatabaseAsync(db => db.Cases.Select(c => c.Id).SingleAsync());
        var handlerSession = await Staff.SignInAsync(members[StaffRoles.Handler]);
        var asked = await handlerSession.SubmitAsync(await handlerSession.GetAsync($"/staff/cases/{caseId}/disclosure"), "ask", ("reasons", "A statement is needed."));
        var requestId = asked.Address.AbsolutePath.Split('/')[^1];
        var concrete = new Dictionary<string, string>
        {
            ["{Id:guid}"] = caseId.ToString(),
            ["{caseId:guid}"] = caseId.ToString(),
            ["{fileId:guid}"] = Guid.NewGuid().ToString(),
            ["{Request:guid}"] = Guid.NewGuid().ToString(),
            ["{variant}"] = "file",
            ["{Code:int}"] = "404",
            ["{Code}"] = "demo",
            ["{RequestId:guid}"] = requestId,
            ["{Client:guid}"] = Guid.NewGuid().ToString(),
        };

        string PathOf(string pattern)
        {
            var path = pattern;
            foreach (var (parameter, value) in concrete)
            {
                path = path.Replace(parameter, value, StringComparison.Ordinal);
            }

            // The staff-member page of a member (the handler) of the administrator's own force.
            return path.StartsWith("/staff/admin/staff/", StringComparison.Ordinal) && path != "/staff/admin/staff/invite"
                ? $"/staff/admin/staff/{members[StaffRoles.Handler].Id}"
                : path;
        }

        var protectedAddresses = Access.Where(a => a.Value != Anyone && a.Value != ApiKey).ToList();
        using var stranger = Staff.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var ((pattern, method), _) in protectedAddresses)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), PathOf(pattern)) { Content = method == "POST" ? new FormUrlEncodedContent([]) : null };
            var response = await stranger.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString == "/staff/sign-in",
                $"signed out, {method} {pattern} answered {response.StatusCode} {response.Headers.Location}");
        }

        foreach (var (role, member) in members)
        {
            var session = await Staff.SignInAsync(member);
            foreach (var ((pattern, method), roles) in protectedAddresses.Where(a => a.Key.Method == "GET"))
            {
                var path = PathOf(pattern);
                var page = await session.GetAsync(path);
                var allowed = roles == AnyMember || roles.Contains(role);
                if (!allowed)
                {
                    Assert.True(page.Status == HttpStatusCode.NotFound, $"{role} got {page.Status} for {path}");
                    Assert.Equal("Page not found", page.Document.QuerySelector("h1")?.TextContent.Trim());
                    Assert.DoesNotContain(caseId.ToString(), page.Html, StringComparison.Ordinal);
                }
                else if (pattern.Contains("{fileId:guid}", StringComparison.Ordinal) || pattern.Contains("{Request:guid}", StringComparison.Ordinal)
                    || pattern.Contains("{Client:guid}", StringComparison.Ordinal))
                {
                    // Allowed in, but there is no such file: the same 404 as for anything unknown.
                    Assert.Equal(HttpStatusCode.NotFound, page.Status);
                }
                else
                {
                    Assert.True(page.Status == HttpStatusCode.OK, $"{role} got {page.Status} for {path}");
                }
            }

            // A post to a handler-only endpoint from anyone else is refused before it reads anything.
            var upload = await session.Client.PostAsync(PathOf("/staff/cases/{caseId:guid}/files"), new FormUrlEncodedContent([]));
            Assert.Equal(role == StaffRoles.Handler ? HttpStatusCode.BadRequest : HttpStatusCode.NotFound, upload.StatusCode);
        }
    }

    private static IEnumerable<string> Methods(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Where(m => m is "GET" or "POST").Where(m => m != "POST" || !IsPage(endpoint)) ?? ["GET"];

    /// <summary>Razor pages take GET and the posts of their own forms (covered by each page's own tests); only GET is listed for them.</summary>
    private static bool IsPage(RouteEndpoint endpoint) => endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is not null;
}
