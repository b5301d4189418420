using System.Net;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Accounts;

/// <summary>The staff face answers only to its configured host names, and never builds a redirect from a client's Host.</summary>
public sealed class StaffHostTests : ReporterAppTest
{
    [Theory]
    [InlineData("evil.example")]
    [InlineData("staff.example.police.uk.evil.example")]
    public async Task A_request_for_another_host_is_refused(string host)
    {
        await using var staff = new StaffApp(App);
        using var client = staff.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = host;

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task A_configured_host_is_served_and_its_redirects_name_a_path_only()
    {
        await using var staff = new StaffApp(App);
        using var client = staff.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/staff", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("")]
    [InlineData("staff.example.police.uk;*.example.police.uk")]
    public async Task The_staff_face_refuses_to_start_with_a_wildcard_or_no_host_names(string hosts)
    {
        await using var staff = new StaffApp(App, new Dictionary<string, string?> { ["AllowedHosts"] = hosts });

        var failure = Assert.ThrowsAny<Exception>(() => staff.CreateClient());

        Assert.Contains("AllowedHosts", failure.ToString(), StringComparison.Ordinal);
        Assert.Contains("staff face", failure.ToString(), StringComparison.Ordinal);
    }
}
