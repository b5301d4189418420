using System.Net;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ReportPortal.ReporterFace.Safety;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Safety;

/// <summary>Values that cannot be bound, forged forms, NUL characters and TLS: friendly pages, never framework text.</summary>
public sealed class RequestProblemTests : ReporterAppTest
{
    private const string Friendly400 = "Sorry, something went wrong with the form";

    [Theory]
    [InlineData("/status?ended=%00")]
    [InlineData("/report?anything=%00")]
    public async Task Query_values_that_cannot_be_read_get_the_friendly_400_page(string path)
    {
        var page = await Browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains(Friendly400, page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("ExceptionHandlerMiddleware", App.Logs.Text, StringComparison.Ordinal);
    }

    // Outcomes travel in a one-use cookie now (post/redirect/get), so no page reads these any more: a
    // leftover or made-up value is ignored, never a 500, never a banner.
    [Theory]
    [InlineData("/status?ended=true")]
    [InlineData("/status?ended=x")]
    [InlineData("/status?ended=")]
    [InlineData("/status?unrelated=x")]
    public async Task Query_values_that_no_page_reads_are_ignored(string path)
    {
        var page = await Browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.DoesNotContain("Signed out", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_posted_without_a_valid_antiforgery_token_is_held_with_everything_typed_and_goes_on_when_sent_again()
    {
        const string Typed = "Typed for an hour.\nSecond line with <markup> & more.";
        var form = await Browser.GetAsync("/report");
        var held = await Browser.SubmitAsync(form, "report", new ReportFields().Set("what", Typed).Set("_af", "stale").All);

        Assert.Equal(HttpStatusCode.BadRequest, held.Status);
        Assert.Contains("Your answers have not been sent yet", held.Text, StringComparison.Ordinal);
        Assert.Equal(Typed, held.Document.QuerySelector("input[name='what']")!.GetAttribute("value"));
        Assert.DoesNotContain("stale", held.Html, StringComparison.Ordinal);
        Assert.Equal(0, await App.CaseCountAsync());

        var check = await Browser.SubmitFormAsync(held, held.Document.QuerySelector("main form")!);

        Assert.Equal(HttpStatusCode.OK, check.Status);
        Assert.Contains("Check your answers", check.Text, StringComparison.Ordinal);
        Assert.Contains("Second line with <markup> & more.", check.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_posted_with_a_stale_token_is_held_and_sent_again_but_never_echoes_a_receipt()
    {
        var (receipt, _, _) = await FileAsync(new ReportFields());
        var inbox = await SignInAsync(receipt.Display);

        var held = await Browser.SubmitAsync(inbox, "reply", ("reply", "Kept through a stale token"), ("_af", "stale"));
        Assert.Equal(HttpStatusCode.BadRequest, held.Status);
        var sent = await Browser.SubmitFormAsync(held, held.Document.QuerySelector("main form")!);
        Assert.Contains("Your message has been sent.", sent.Text, StringComparison.Ordinal);

        var withReceipt = await Browser.SubmitAsync(sent, "reply", ("reply", "receipt " + receipt.Display), ("_af", "stale"));
        Assert.Null(withReceipt.Document.QuerySelector("input[name='reply']"));
        Assert.DoesNotContain(receipt.Canonical[..24], withReceipt.Html.ToUpperInvariant().Replace("-", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_held_form_page_shows_nothing_to_someone_who_opens_it_by_address()
    {
        var page = await Browser.GetAsync("/form/not-checked");

        Assert.Equal("/", page.Address.AbsolutePath);
    }

    [Fact]
    public async Task A_post_with_another_sessions_token_gets_the_friendly_400_page()
    {
        var stranger = new PageSession(App.CreateClient());
        var strangersForm = await stranger.GetAsync("/status");
        var token = strangersForm.Document.QuerySelector("input[name='_af']")!.GetAttribute("value")!;
        var form = await Browser.GetAsync("/status");

        var result = await Browser.SubmitAsync(form, "status", ("receipt", "nonsense"), ("_af", token));

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Contains(Friendly400, result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_nul_character_in_a_field_gets_the_friendly_400_page_and_saves_nothing()
    {
        var form = await Browser.GetAsync("/report");
        var result = await Browser.SubmitAsync(form, "report", new ReportFields().Set("force", "demo\0").Set("what", "Text\0more").All);

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Contains(Friendly400, result.Text, StringComparison.Ordinal);
        Assert.Equal(0, await App.CaseCountAsync());
    }

    [Fact]
    public async Task Strict_transport_security_is_sent_over_tls_only()
    {
        var tls = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost/") });

        var overTls = await tls.GetAsync("/report");
        var plain = await Browser.Client.GetAsync("/report");

        Assert.Equal(SecurityHeaders.StrictTransportSecurity, Assert.Single(overTls.Headers.GetValues("Strict-Transport-Security")));
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task The_developer_exception_page_never_renders_details()
    {
        var filter = Assert.Single(App.Services.GetServices<IDeveloperPageExceptionFilter>());
        var context = new DefaultHttpContext { Response = { Body = new MemoryStream() } };
        context.Request.Headers.UserAgent = "SecretAgent/1";
        var nextCalled = false;

        await filter.HandleExceptionAsync(
            new ErrorContext(context, new InvalidOperationException("secret-detail-p3")),
            _ =>
            {
                nextCalled = true;
                return Task.CompletedTask;
            });

        context.Response.Body.Position = 0;
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync();
        Assert.False(nextCalled);
        Assert.Equal(StatusCodes.Status500InternalServerError, context.Response.StatusCode);
        Assert.DoesNotContain("secret-detail-p3", body, StringComparison.Ordinal);
        Assert.DoesNotContain("SecretAgent", body, StringComparison.Ordinal);
    }
}

/// <summary>Kestrel enforces the body limit on the wire, so these run on it.</summary>
public sealed class RequestLimitTests
{
    [Fact]
    public async Task A_chunked_body_over_the_limit_gets_the_friendly_413_page()
    {
        await using var app = await ReporterApp.StartAsync(kestrel: true);
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        var browser = new PageSession(client);
        var form = await browser.GetAsync("/report");
        var token = form.Document.QuerySelector("input[name='_af']")!.GetAttribute("value")!;
        var body = new ReportFields().Add("_af", token).Add("_handler", "report").Set("what", new string('x', 700_000)).All;
        using var content = new StreamContent(new MemoryStream(await new FormUrlEncodedContent(body).ReadAsByteArrayAsync()));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/report") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("What you sent is too large", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.CaseCountAsync());
    }

    [Fact]
    public async Task The_developer_exception_page_filter_is_there_in_development_too()
    {
        await using var app = await ReporterApp.StartAsync(environment: "Development");

        Assert.IsType<ReportPortal.ReporterFace.Errors.NoDeveloperExceptionPage>(
            Assert.Single(app.Services.GetServices<IDeveloperPageExceptionFilter>()));
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/report")).StatusCode);
    }
}
