using System.Net;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Reporting;

/// <summary>What happens with missing, oversized, hostile, duplicate and forged input on the report form.</summary>
public sealed class ReportValidationTests : ReporterAppTest
{
    [Fact]
    public async Task An_empty_form_lists_every_problem_marks_each_field_and_saves_nothing()
    {
        var form = await Browser.GetAsync("/report");
        var result = await Browser.SubmitAsync(form, "report", ("command", "send"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, result.Status);
        Assert.StartsWith("Error: ", result.Document.Title, StringComparison.Ordinal);
        Assert.Equal(
            [
                "Select the force you are reporting to",
                "Select what the material was, or select ‘Something else’",
                "Tell us what was posted or shared",
                "Select how you want to be known",
                "Select yes if you would like support from a welfare lead",
                "Select yes if you are worried about being treated badly for reporting",
            ],
            result.ErrorSummary);
        foreach (var link in result.Document.QuerySelectorAll(".govuk-error-summary__list a"))
        {
            var target = link.GetAttribute("href")!.TrimStart('#');
            Assert.NotNull(result.Document.GetElementById(target));
        }

        Assert.NotNull(result.Document.QuerySelector("#what.govuk-textarea--error"));
        Assert.Equal(0, await App.CaseCountAsync());
    }

    [Fact]
    public async Task A_form_with_errors_keeps_everything_typed()
    {
        var form = await Browser.GetAsync("/report");
        var fields = new ReportFields()
            .Remove("what")
            .Set("identity", "open")
            .Set("reporter-name", "Alex Typed")
            .Set("reporter-staff-number", "")
            .Add("categories", "homophobic");

        var result = await Browser.SubmitAsync(form, "report", fields.All);

        Assert.Equal(["Tell us what was posted or shared", "Enter your collar or staff number, or choose to report anonymously"], result.ErrorSummary);
        Assert.Equal("WhatsApp", result.Document.QuerySelector("#platform")!.GetAttribute("value"));
        Assert.Equal("Late Turn Lads", result.Document.QuerySelector("#group")!.GetAttribute("value"));
        Assert.Equal("PC Example Person", result.Document.QuerySelector("#subjects-0-name")!.GetAttribute("value"));
        Assert.Equal("Alex Typed", result.Document.QuerySelector("#reporter-name")!.GetAttribute("value"));
        Assert.NotNull(result.Document.QuerySelector("input[name='identity'][value='open'][checked]"));
        Assert.NotNull(result.Document.QuerySelector("input[name='categories'][value='racist'][checked]"));
        Assert.NotNull(result.Document.QuerySelector("input[name='categories'][value='homophobic'][checked]"));
        Assert.Equal("demo", result.Document.QuerySelector("#force option[selected]")!.GetAttribute("value"));
        Assert.Equal(0, await App.CaseCountAsync());
    }

    [Fact]
    public async Task Oversized_answers_say_the_limit_and_the_length_typed()
    {
        var form = await Browser.GetAsync("/report");
        var fields = new ReportFields()
            .Set("what", new string('x', 10_001))
            .Set("group", new string('g', 201))
            .Set("subjects[0].staff-number", "12<34>");

        var result = await Browser.SubmitAsync(form, "report", fields.All);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, result.Status);
        Assert.Equal("The group or chat name must be 200 characters or fewer (you have 201)", result.ErrorFor("group"));
        Assert.Equal("What happened must be 10,000 characters or fewer (you have 10,001)", result.ErrorFor("what"));
        Assert.Equal("The colleague’s collar or staff number must only include letters, numbers, spaces, hyphens and slashes", result.ErrorFor("subjects-0-staff-number"));
        Assert.Equal(new string('x', 10_001), result.Document.QuerySelector("#what")!.TextContent);
        Assert.Equal(0, await App.CaseCountAsync());
    }

    [Fact]
    public async Task A_request_body_over_the_limit_is_refused_before_anything_is_read()
    {
        var form = await Browser.GetAsync("/report");
        var result = await Browser.SubmitAsync(form, "report", new ReportFields().Set("what", new string('x', 600_000)).All);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, result.Status);
        Assert.Contains("too large", result.Text, StringComparison.Ordinal);
        Assert.Equal(0, await App.CaseCountAsync());
    }

    [Fact]
    public async Task Hostile_markup_is_shown_as_text_and_never_becomes_script()
    {
        const string hostile = "<script>alert('x')</script><img src=x onerror=alert(1)>";
        var form = await Browser.GetAsync("/report");
        var result = await Browser.SubmitAsync(form, "report", new ReportFields().Remove("what").Set("group", hostile).All);

        Assert.DoesNotContain("<script", result.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", result.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(hostile, result.Document.QuerySelector("#group")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Unknown_categories_forces_and_identity_choices_are_refused()
    {
        var form = await Browser.GetAsync("/report");
        var fields = new ReportFields().Set("force", "nowhere").Set("categories", "drop table").Set("identity", "celebrity").Set("support", "maybe");

        var result = await Browser.SubmitAsync(form, "report", fields.All);

        Assert.Equal("Select a force from the list", result.ErrorFor("force"));
        Assert.Equal("Select what the material was from the list", result.ErrorFor("categories"));
        Assert.Equal("Select how you want to be known", result.ErrorFor("identity"));
        Assert.Equal("Select yes if you would like support from a welfare lead", result.ErrorFor("support"));
        Assert.Equal(0, await App.CaseCountAsync());
    }

    [Fact]
    public async Task A_force_that_stopped_taking_reports_cannot_be_chosen()
    {
        var form = await Browser.GetAsync("/report");
        Assert.Null(form.Document.QuerySelector("#force option[value='closed']"));

        var result = await Browser.SubmitAsync(form, "report", new ReportFields().Set("force", "closed").All);
        Assert.Equal("Select a force from the list", result.ErrorFor("force"));
    }

    [Fact]
    public async Task Retaliation_monitoring_is_only_for_confidential_reports()
    {
        var form = await Browser.GetAsync("/report");
        var result = await Browser.SubmitAsync(form, "report", new ReportFields().Set("monitoring-consent", "yes").All);

        Assert.StartsWith("Watching for unfair treatment needs your name and staff number", result.ErrorFor("monitoring-consent"), StringComparison.Ordinal);
        Assert.Equal(0, await App.CaseCountAsync());
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        using var content = new FormUrlEncodedContent(new ReportFields().Add("_handler", "report").Set("command", "send").All);
        var response = await Browser.Client.PostAsync("/report", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await App.CaseCountAsync());
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("")]
    public async Task A_forged_or_missing_receipt_hand_over_files_nothing(string token)
    {
        var (receipt, check) = await ReportJourney.CheckAsync(Browser, new ReportFields());
        var result = await Browser.SubmitAsync(check, "report",
            ("command", "send"), ("receipt-check", ReportJourney.LastGroup(receipt)), ("receipt-token", token));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, result.Status);
        Assert.Equal(["This page has expired. Check your answers and continue again: you will get a new receipt"], result.ErrorSummary);
        Assert.Equal("#report-form", result.Document.QuerySelector(".govuk-error-summary__list a")!.GetAttribute("href"));
        Assert.NotNull(result.Document.GetElementById("report-form"));
        Assert.Null(result.Document.QuerySelector("#receipt"));
        Assert.Equal("Late Turn Lads", result.Document.QuerySelector("#group")!.GetAttribute("value"));
        Assert.Equal(0, await App.CaseCountAsync());
    }

    [Fact]
    public async Task Add_another_colleague_adds_a_section_without_validating_or_saving()
    {
        var form = await Browser.GetAsync("/report");
        var result = await Browser.SubmitAsync(form, "report", new ReportFields().Remove("what").Set("command", "add-colleague").All);

        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Empty(result.ErrorSummary);
        Assert.NotNull(result.Document.QuerySelector("#subjects-1-name"));
        Assert.Equal("PC Example Person", result.Document.QuerySelector("#subjects-0-name")!.GetAttribute("value"));
        Assert.Equal(0, await App.CaseCountAsync());
    }

    [Theory]
    [InlineData("reporter-name", "Alex Typed", "You chose to stay anonymous but gave your name. Remove your name or choose ‘confidentially’ or ‘openly’")]
    [InlineData("reporter-staff-number", "4471", "You chose to stay anonymous but gave your collar or staff number. Remove it or choose ‘confidentially’ or ‘openly’")]
    [InlineData("reporter-contact", "07700 900123", "You chose to stay anonymous but gave a way to contact you. Remove it or choose ‘confidentially’ or ‘openly’")]
    public async Task Details_typed_with_an_anonymous_choice_are_an_error_not_dropped(string field, string value, string message)
    {
        var form = await Browser.GetAsync("/report");
        var result = await Browser.SubmitAsync(form, "report", new ReportFields().Set(field, value).All);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, result.Status);
        Assert.Equal([message], result.ErrorSummary);
        Assert.Equal(value, result.Document.GetElementById(field)!.GetAttribute("value"));
        Assert.Equal(0, await App.CaseCountAsync());
    }

    [Fact]
    public async Task Every_error_summary_link_reaches_its_field_and_the_summary_takes_the_focus()
    {
        var form = await Browser.GetAsync("/report");
        var fields = new ReportFields()
            .Set("subjects[0].staff-number", "12<34>")
            .Add("subjects[1].name", new string('n', 121))
            .Set("reported-elsewhere-where", "My inspector")
            .Set("at-risk", "perhaps")
            .Set("reporter-name", "Alex");

        var result = await Browser.SubmitAsync(form, "report", fields.All);

        Assert.Equal(5, result.ErrorSummary.Count);
        foreach (var link in result.Document.QuerySelectorAll(".govuk-error-summary__list a"))
        {
            var target = link.GetAttribute("href")!.TrimStart('#');
            Assert.True(result.Document.GetElementById(target) is not null, $"The summary links to #{target}, which is not on the page.");
        }

        Assert.True(result.Document.QuerySelector(".govuk-error-summary")!.HasAttribute("autofocus"));
        Assert.Single(result.Document.QuerySelectorAll("[autofocus]"));
    }

    [Fact]
    public async Task The_identity_details_are_a_fieldset_that_says_which_choices_need_them()
    {
        var form = await Browser.GetAsync("/report");

        var details = form.Document.GetElementById("identity-details")!;
        Assert.Equal("fieldset", details.LocalName);
        Assert.Equal("Your details: only if you chose ‘Confidentially’ or ‘Openly’", details.QuerySelector("legend")!.TextContent.Trim());
        Assert.NotNull(details.QuerySelector("#reporter-name"));
        Assert.NotNull(details.QuerySelector("#reporter-staff-number"));
        Assert.NotNull(details.QuerySelector("#reporter-contact"));
    }
}
