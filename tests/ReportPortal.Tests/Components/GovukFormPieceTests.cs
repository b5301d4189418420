using ReportPortal.Core.Ui;

namespace ReportPortal.Tests.Components;

/// <summary>The GOV.UK form pieces render the markup the design system and screen readers rely on.</summary>
public sealed class GovukFormPieceTests
{
    [Fact]
    public async Task An_input_without_errors_has_label_hint_and_kept_value()
    {
        var document = await ComponentRenderer.RenderAsync<GovukInput>(new()
        {
            [nameof(GovukInput.Name)] = "subjects[1].staff-number",
            [nameof(GovukInput.Label)] = "Collar or staff number",
            [nameof(GovukInput.Hint)] = "As on their warrant card",
            [nameof(GovukInput.Value)] = "4471 \"quoted\" <b>",
            [nameof(GovukInput.MaxLength)] = 30,
        });

        var input = document.QuerySelector("input")!;
        Assert.Equal("subjects-1-staff-number", input.Id);
        Assert.Equal("subjects[1].staff-number", input.GetAttribute("name"));
        Assert.Equal("4471 \"quoted\" <b>", input.GetAttribute("value"));
        // No maxlength: browsers would cut pasted text silently; the server explains the limit instead.
        Assert.Null(input.GetAttribute("maxlength"));
        Assert.Equal("subjects-1-staff-number-hint", input.GetAttribute("aria-describedby"));
        Assert.Equal("subjects-1-staff-number", document.QuerySelector("label")!.GetAttribute("for"));
        Assert.Null(document.QuerySelector(".govuk-form-group--error"));
        Assert.Null(document.QuerySelector(".govuk-error-message"));
    }

    [Fact]
    public async Task An_input_with_an_error_is_marked_and_described_by_hint_and_error()
    {
        var document = await ComponentRenderer.RenderAsync<GovukInput>(new()
        {
            [nameof(GovukInput.Name)] = "group",
            [nameof(GovukInput.Label)] = "Group name",
            [nameof(GovukInput.Hint)] = "As it appears",
            [nameof(GovukInput.Error)] = "The group name must be 200 characters or fewer",
        });

        Assert.NotNull(document.QuerySelector(".govuk-form-group.govuk-form-group--error"));
        Assert.NotNull(document.QuerySelector("input.govuk-input--error"));
        Assert.Equal("group-hint group-error", document.QuerySelector("input")!.GetAttribute("aria-describedby"));
        Assert.Equal("Error: The group name must be 200 characters or fewer", document.QuerySelector("#group-error")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_textarea_keeps_multi_line_text_and_states_its_limit()
    {
        var document = await ComponentRenderer.RenderAsync<GovukTextarea>(new()
        {
            [nameof(GovukTextarea.Name)] = "what",
            [nameof(GovukTextarea.Label)] = "What happened?",
            [nameof(GovukTextarea.Value)] = "line one\nline two </textarea><script>",
            [nameof(GovukTextarea.MaxLength)] = 10_000,
        });

        Assert.Equal("line one\nline two </textarea><script>", document.QuerySelector("textarea#what")!.TextContent);
        Assert.Null(document.QuerySelector("script"));
        Assert.Contains("10,000 characters", document.QuerySelector("#what-limit")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("what-limit", document.QuerySelector("textarea")!.GetAttribute("aria-describedby"));
        Assert.Null(document.QuerySelector("textarea")!.GetAttribute("maxlength"));
    }

    [Fact]
    public async Task Checkboxes_tick_what_was_chosen_and_link_the_first_box_to_the_field_id()
    {
        var document = await ComponentRenderer.RenderAsync<GovukChoices>(new()
        {
            [nameof(GovukChoices.Name)] = "categories",
            [nameof(GovukChoices.Legend)] = "What was the material?",
            [nameof(GovukChoices.Multiple)] = true,
            [nameof(GovukChoices.Choices)] = new List<Choice> { new("racist", "Racist"), new("homophobic", "Homophobic"), new("other", "Other", "Anything else") },
            [nameof(GovukChoices.Selected)] = new[] { "homophobic", "other" },
            [nameof(GovukChoices.Error)] = "Select what the material was",
        });

        var boxes = document.QuerySelectorAll("input[type='checkbox']");
        Assert.Equal(["categories", "categories-2", "categories-3"], boxes.Select(b => b.Id));
        Assert.Equal([false, true, true], boxes.Select(b => b.HasAttribute("checked")));
        Assert.Equal("categories-3-item-hint", boxes[2].GetAttribute("aria-describedby"));
        Assert.NotNull(document.QuerySelector(".govuk-checkboxes"));
        Assert.Equal("categories-error", document.QuerySelector("fieldset")!.GetAttribute("aria-describedby"));
        Assert.Equal("What was the material?", document.QuerySelector("legend")!.TextContent.Trim());
    }

    [Fact]
    public async Task Radios_render_as_radios_with_one_choice_checked()
    {
        var document = await ComponentRenderer.RenderAsync<GovukChoices>(new()
        {
            [nameof(GovukChoices.Name)] = "support",
            [nameof(GovukChoices.Legend)] = "Would you like support?",
            [nameof(GovukChoices.Inline)] = true,
            [nameof(GovukChoices.Choices)] = new List<Choice> { new("yes", "Yes"), new("no", "No") },
            [nameof(GovukChoices.Selected)] = new[] { "no" },
        });

        Assert.NotNull(document.QuerySelector(".govuk-radios.govuk-radios--inline"));
        Assert.Equal("no", document.QuerySelector("input[type='radio'][checked]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task A_select_keeps_the_chosen_option()
    {
        var document = await ComponentRenderer.RenderAsync<GovukSelect>(new()
        {
            [nameof(GovukSelect.Name)] = "force",
            [nameof(GovukSelect.Label)] = "Which force?",
            [nameof(GovukSelect.Value)] = "b",
            [nameof(GovukSelect.Choices)] = new List<Choice> { new("a", "Force A"), new("b", "Force B") },
        });

        Assert.Equal(["", "a", "b"], document.QuerySelectorAll("option").Select(o => o.GetAttribute("value")));
        Assert.Equal("b", document.QuerySelector("option[selected]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task The_error_summary_links_each_problem_to_its_field_and_is_absent_without_errors()
    {
        var document = await ComponentRenderer.RenderAsync<GovukErrorSummary>(new()
        {
            [nameof(GovukErrorSummary.Errors)] = new List<FieldError> { new("what", "Tell us what happened"), new("subjects-0-name", "Name too long") },
        });

        Assert.Equal("There is a problem", document.QuerySelector(".govuk-error-summary__title")!.TextContent);
        Assert.Equal(["#what", "#subjects-0-name"], document.QuerySelectorAll(".govuk-error-summary__list a").Select(a => a.GetAttribute("href")));

        var empty = await ComponentRenderer.RenderAsync<GovukErrorSummary>(new() { [nameof(GovukErrorSummary.Errors)] = new List<FieldError>() });
        Assert.Null(empty.QuerySelector(".govuk-error-summary"));
    }
}
