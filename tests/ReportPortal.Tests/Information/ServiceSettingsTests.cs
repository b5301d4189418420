using Microsoft.Extensions.Options;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Information;

/// <summary>ReportPortal:Service: each deployment says who runs it, and a wrong value stops it starting.</summary>
public sealed class ServiceSettingsTests
{
    private const string Onion = "http://exampleexampleexampleexampleexampleexampleexampleexam.onion/";

    private static readonly Dictionary<string, string?> Deployment = new()
    {
        ["ReportPortal:Service:OperatorName"] = "Northshire Police Professional Standards Department",
        ["ReportPortal:Service:ContactEmail"] = "speakup@northshire.example",
        ["ReportPortal:Service:ContactAddress"] = "PO Box 123, Northtown NT1 1AA",
        ["ReportPortal:Service:OnionAddress"] = Onion,
    };

    [Fact]
    public async Task A_deployment_s_own_operator_contact_and_onion_address_are_shown()
    {
        await using var app = await ReporterApp.StartAsync(Deployment);
        var session = new PageSession(app.CreateClient());

        var contact = await session.GetAsync("/contact");
        Assert.Contains("Northshire Police Professional Standards Department", contact.Text, StringComparison.Ordinal);
        Assert.Contains("PO Box 123, Northtown NT1 1AA", contact.Text, StringComparison.Ordinal);
        Assert.NotNull(contact.Document.QuerySelector("a[href='mailto:speakup@northshire.example']"));
        Assert.DoesNotContain("Demo Constabulary", contact.Html, StringComparison.Ordinal);
        Assert.Contains("Run by Northshire Police Professional Standards Department.", contact.Document.QuerySelector("footer")!.TextContent, StringComparison.Ordinal);

        var home = await session.GetAsync("/");
        var onion = home.Document.QuerySelector("a.rp-onion-address");
        Assert.NotNull(onion);
        Assert.Equal(Onion, onion.GetAttribute("href"));
        Assert.Equal(new Uri(Onion).Host, onion.TextContent.Trim());
        Assert.Contains("noreferrer", onion.GetAttribute("rel")!.Split(' '));
    }

    [Fact]
    public async Task An_empty_onion_address_means_there_is_none()
    {
        await using var app = await ReporterApp.StartAsync(new Dictionary<string, string?>(Deployment) { ["ReportPortal:Service:OnionAddress"] = "" });

        var home = await new PageSession(app.CreateClient()).GetAsync("/");

        Assert.DoesNotContain(".onion", home.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ReportPortal:Service:OnionAddress", "https://reportportal.example/", "OnionAddress")]
    [InlineData("ReportPortal:Service:OnionAddress", "exampleexample.onion", "OnionAddress")]
    [InlineData("ReportPortal:Service:ContactEmail", "", "ContactEmail")]
    [InlineData("ReportPortal:Service:ContactEmail", "not an email address", "ContactEmail")]
    [InlineData("ReportPortal:Service:OperatorName", "", "OperatorName")]
    [InlineData("ReportPortal:Service:ContactAddress", " ", "ContactAddress")]
    public async Task A_missing_or_wrong_value_stops_the_service_starting(string setting, string value, string named)
    {
        var settings = new Dictionary<string, string?>(Deployment) { [setting] = value };

        var failure = await Assert.ThrowsAnyAsync<Exception>(async () => await (await ReporterApp.StartAsync(settings)).DisposeAsync());

        var validation = Assert.IsType<OptionsValidationException>(Unwrap(failure));
        Assert.Contains(validation.Failures, message => message.Contains(named, StringComparison.Ordinal));
    }

    private static Exception Unwrap(Exception failure) => failure switch
    {
        AggregateException { InnerExceptions.Count: 1 } aggregate => Unwrap(aggregate.InnerExceptions[0]),
        _ when failure is not OptionsValidationException && failure.InnerException is { } inner => Unwrap(inner),
        _ => failure,
    };
}
