using System.Net;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Cases;
using ReportPortal.Tests.Browser;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Reporting;

/// <summary>
/// The check-your-answers step: the receipt is shown and confirmed before anything is stored, the
/// answers travel only as hidden fields, and every kind of repeated final send files one case and shows
/// the same receipt.
/// </summary>
public sealed class CheckAnswersTests : ReporterAppTest
{
    private const string MultiLine = "First line of what happened.\n\n  Second paragraph, indented, with \"quotes\", <b>markup</b> & an ampersand.\n\tTabbed line";

    private static ReportFields Awkward() => new ReportFields()
        .Set("what", MultiLine)
        .Set("others", "Line one\nLine two")
        .Add("categories", "crime-scene")
        .Set("subjects[0].handle", "@late_turn_legend 🏴󠁧󠁢󠁥󠁮󠁧󠁿")
        .Set("at-risk", "not-sure")
        .Set("disappearing", "yes")
        .Set("still-in-group", "no")
        .Set("screenshots", "yes")
        .Set("police-material", "yes")
        .Set("reported-elsewhere", "yes")
        .Set("reported-elsewhere-where", "My sergeant, in person")
        .Add("subjects[1].name", "DS Second Person")
        .Add("subjects[1].handle", string.Empty)
        .Add("subjects[1].rank", "Detective Sergeant");

    [Fact]
    public async Task Nothing_is_stored_before_the_final_send_and_the_receipt_travels_only_sealed_in_the_page()
    {
        var (receipt, check) = await ReportJourney.CheckAsync(Browser, Awkward());

        Assert.Equal("Check your answers", check.Document.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("no-store", check.Response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await App.CaseCountAsync());
        Assert.Equal(0, await App.WithDatabaseAsync(db => db.CaseSubjects.CountAsync()));

        // Shown once on the page; the hidden hand-over field does not carry it readably, and no cookie does.
        var token = check.Document.QuerySelector("input[name='receipt-token']")!.GetAttribute("value")!;
        Assert.DoesNotContain(receipt.Canonical, token.ToUpperInvariant(), StringComparison.Ordinal);
        var cookies = check.Response.Headers.TryGetValues("Set-Cookie", out var set) ? string.Join('\n', set) : string.Empty;
        Assert.DoesNotContain(token, cookies, StringComparison.Ordinal);
        Assert.DoesNotContain(receipt.Canonical, App.Logs.Text.ToUpperInvariant(), StringComparison.Ordinal);

        // The page says plainly which characters to type back.
        Assert.Contains("Enter the last group of 4 characters of your receipt", check.Text, StringComparison.Ordinal);
        Assert.Contains("just before the single character at the end", check.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_answer_round_trips_exactly_through_the_hidden_fields_and_is_sealed_as_typed()
    {
        var (receipt, check) = await ReportJourney.CheckAsync(Browser, Awkward());

        var hidden = ReportJourney.HiddenAnswers(check);
        Assert.Contains(new KeyValuePair<string, string>("what", MultiLine), hidden);
        Assert.Contains(new KeyValuePair<string, string>("others", "Line one\nLine two"), hidden);
        Assert.Equal(["racist", "crime-scene"], hidden.Where(f => f.Key == "categories").Select(f => f.Value));
        var summary = check.Document.QuerySelectorAll(".govuk-summary-list__value").Select(v => v.TextContent).ToList();
        Assert.Contains(MultiLine, summary);
        Assert.Contains("DS Second Person", summary);

        var sent = await ReportJourney.SendAsync(Browser, check, receipt);
        Assert.Equal(HttpStatusCode.OK, sent.Status);

        var filed = await FiledCase.OpenAsync(App, receipt);
        Assert.Equal(ReportCategories.Racist | ReportCategories.CrimeSceneOrVictimImages, filed.Case.Categories);
        Assert.Equal(MultiLine, filed.Account.WhatHappened);
        Assert.Equal("Line one\nLine two", filed.Account.OthersWhoSaw);
        Assert.Equal("not-sure", filed.Account.AnyoneAtRisk);
        Assert.Equal("yes", filed.Account.DisappearingMessages);
        Assert.Equal("no", filed.Account.StillInGroup);
        Assert.Equal("yes", filed.Account.HasScreenshots);
        Assert.Equal("yes", filed.Account.PoliceSystemsMaterial);
        Assert.Equal("yes", filed.Account.ReportedElsewhere);
        Assert.Equal("My sergeant, in person", filed.Account.ReportedElsewhereWhere);
        Assert.Equal(["@late_turn_legend 🏴󠁧󠁢󠁥󠁮󠁧󠁿", null], filed.Account.ColleagueHandles!);
        Assert.Equal(
            [
                new SubjectDetails("DS Second Person", null, null, null, "Detective Sergeant"),
                new SubjectDetails("PC Example Person", "1234", null, "Response team 3", "Constable"),
            ],
            filed.Subjects.OrderBy(s => s.Name, StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_double_submit_of_the_final_step_files_one_case_and_both_show_the_same_receipt()
    {
        var (receipt, check) = await ReportJourney.CheckAsync(Browser, new ReportFields());

        var both = await Task.WhenAll(ReportJourney.SendAsync(Browser, check, receipt), ReportJourney.SendAsync(Browser, check, receipt));

        foreach (var page in both)
        {
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal("Your report has been sent", page.Document.QuerySelector("h1")!.TextContent.Trim());
            Assert.Equal(receipt.Display, ReportJourney.ShownReceipt(page).Display);
        }

        Assert.Equal(1, await App.CaseCountAsync());
    }

    [Fact]
    public async Task When_the_response_to_the_final_send_is_lost_sending_again_shows_the_receipt()
    {
        var (receipt, check) = await ReportJourney.CheckAsync(Browser, new ReportFields());

        _ = await ReportJourney.SendAsync(Browser, check, receipt);
        var retried = await ReportJourney.SendAsync(Browser, check, receipt);

        Assert.Equal(HttpStatusCode.OK, retried.Status);
        Assert.Equal(receipt.Display, ReportJourney.ShownReceipt(retried).Display);
        Assert.Contains("at Demo Constabulary will acknowledge your report within 7 days",
            System.Text.RegularExpressions.Regex.Replace(retried.Text, @"\s+", " "), StringComparison.Ordinal);
        Assert.NotNull(retried.Document.QuerySelector("a[href='/status']"));
        Assert.Equal(1, await App.CaseCountAsync());

        // The receipt shown again is the one that opens the case.
        var inbox = await SignInAsync(receipt.Display);
        Assert.Equal("/status/inbox", inbox.Address.AbsolutePath);
    }

    [Theory]
    [InlineData("", "Enter the last group of 4 characters of your receipt, to show you have kept it")]
    [InlineData("ZZZZ", "That is not the last group of 4 characters of your receipt. Check what you wrote down and enter it again")]
    public async Task A_wrong_or_missing_confirmation_is_an_error_on_that_field_and_keeps_everything(string typed, string message)
    {
        var (receipt, check) = await ReportJourney.CheckAsync(Browser, Awkward());
        if (typed == ReportJourney.LastGroup(receipt))
        {
            typed = "YYYY";
        }

        var refused = await ReportJourney.SendAsync(Browser, check, receipt, typed);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Equal([message], refused.ErrorSummary);
        Assert.Equal(message, refused.ErrorFor("receipt-check"));
        Assert.Equal("#receipt-check", refused.Document.QuerySelector(".govuk-error-summary__list a")!.GetAttribute("href"));
        Assert.Equal(receipt.Display, ReportJourney.ShownReceipt(refused).Display);
        Assert.Equal(ReportJourney.HiddenAnswers(check), ReportJourney.HiddenAnswers(refused));
        Assert.Equal(0, await App.CaseCountAsync());

        // Typed the way people copy things down, the right group is accepted.
        var sent = await ReportJourney.SendAsync(Browser, refused, receipt, " " + ReportJourney.LastGroup(receipt).ToLowerInvariant() + " ");
        Assert.Equal(HttpStatusCode.OK, sent.Status);
        Assert.Equal(1, await App.CaseCountAsync());
    }

    [Fact]
    public async Task Every_change_link_returns_to_its_field_focused_with_everything_kept_and_the_same_receipt()
    {
        var (receipt, check) = await ReportJourney.CheckAsync(Browser, Awkward().Set("identity", "confidential")
            .Set("reporter-name", "Sergeant Brave Reporter").Set("reporter-staff-number", "CS 4471").Set("monitoring-consent", "yes"));
        var changes = check.Document.QuerySelectorAll(".govuk-summary-list button[name='command']").ToList();
        Assert.True(changes.Count >= 25, $"Only {changes.Count} change links.");

        foreach (var change in changes)
        {
            var command = change.GetAttribute("value")!;
            var target = command["change:".Length..];
            Assert.Equal($"/report#{target}", change.GetAttribute("formaction"));
            var form = await Browser.SubmitAsync(check, "report", ("command", command));

            Assert.Equal(HttpStatusCode.OK, form.Status);
            var field = form.Document.GetElementById(target);
            Assert.True(field is not null, $"{command} leads to no field with id {target}.");
            Assert.True(field.HasAttribute("autofocus"), $"{command} does not focus {target}.");
            Assert.Single(form.Document.QuerySelectorAll("[autofocus]"));
        }

        // Back on the form and straight on again: the same answers and the same receipt.
        var back = await Browser.SubmitAsync(check, "report", ("command", "change:what"));
        Assert.Equal(MultiLine, back.Document.QuerySelector("#what")!.TextContent);
        var again = await Browser.SubmitAsync(back, "report", ReportJourney.CurrentValues(back).Append(new("command", "check")));
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(receipt.Display, ReportJourney.ShownReceipt(again).Display);
        Assert.Equal(ReportJourney.HiddenAnswers(check), ReportJourney.HiddenAnswers(again));
    }

    [Theory]
    [InlineData("force", "nowhere", "force", "Select a force from the list")]
    [InlineData("categories", "drop table", "categories", "Select what the material was from the list")]
    [InlineData("identity", "celebrity", "identity", "Select how you want to be known")]
    [InlineData("what", "", "what", "Tell us what was posted or shared")]
    [InlineData("at-risk", "definitely", "at-risk", "Select whether anyone is at risk now from the list")]
    [InlineData("reporter-name", "Sneaked In", "reporter-name", "You chose to stay anonymous but gave your name. Remove your name or choose ‘confidentially’ or ‘openly’")]
    [InlineData("monitoring-consent", "yes", "monitoring-consent", "Watching for unfair treatment needs your name and staff number, so it is only for confidential reports. Untick it, or choose to report confidentially")]
    public async Task Tampered_hidden_answers_are_validated_again_on_the_final_send(string name, string value, string field, string message)
    {
        var (receipt, check) = await ReportJourney.CheckAsync(Browser, new ReportFields());

        var tampered = await Browser.SubmitAsync(check, "report",
            [new(name, value), new("command", "send"), new("receipt-check", ReportJourney.LastGroup(receipt))]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, tampered.Status);
        Assert.Equal(message, tampered.ErrorFor(field));
        Assert.Null(tampered.Document.QuerySelector("#receipt"));
        Assert.Equal(0, await App.CaseCountAsync());
    }

    [Fact]
    public async Task After_two_hours_the_check_page_can_no_longer_send_and_nothing_is_stored()
    {
        var (receipt, check) = await ReportJourney.CheckAsync(Browser, new ReportFields());
        App.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));

        var late = await ReportJourney.SendAsync(Browser, check, receipt);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, late.Status);
        Assert.Equal(["This page has expired. Check your answers and continue again: you will get a new receipt"], late.ErrorSummary);
        Assert.Equal(0, await App.CaseCountAsync());
    }

    [Fact]
    public async Task A_hand_over_token_from_another_report_cannot_send_under_its_receipt_twice_with_different_answers()
    {
        var (receipt, check) = await ReportJourney.CheckAsync(Browser, new ReportFields());
        await ReportJourney.SendAsync(Browser, check, receipt);

        // Different answers under the same receipt find the case already filed: nothing new, nothing changed.
        var changed = await Browser.SubmitAsync(check, "report",
            ("what", "Something else entirely"), ("command", "send"), ("receipt-check", ReportJourney.LastGroup(receipt)));

        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.Equal(1, await App.CaseCountAsync());
        // ...and the reporter is told so, rather than led to believe the changes were sent.
        Assert.Contains("those changes were not saved", changed.Document.QuerySelector("#already-sent")!.TextContent, StringComparison.Ordinal);
        var filed = await FiledCase.OpenAsync(App, receipt);
        Assert.StartsWith("A colleague shared a racist meme", filed.Account.WhatHappened, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_free_text_field_on_the_form_and_check_pages_keeps_text_from_spell_checkers_and_autofill()
    {
        var form = await Browser.GetAsync("/report");
        var (_, check) = await ReportJourney.CheckAsync(Browser, new ReportFields());

        foreach (var page in new[] { form, check })
        {
            var fields = page.Document.QuerySelectorAll("input[type='text'], textarea").ToList();
            Assert.NotEmpty(fields);
            foreach (var field in fields)
            {
                Assert.Equal("false", field.GetAttribute("spellcheck"));
                Assert.Equal("off", field.GetAttribute("autocomplete"));
            }
        }

        Assert.True(form.Document.QuerySelectorAll("textarea").Length >= 2);
    }

    [Fact]
    public async Task The_first_submit_button_of_each_step_is_the_main_one_so_enter_never_adds_a_colleague()
    {
        var form = await Browser.GetAsync("/report");
        var (_, check) = await ReportJourney.CheckAsync(Browser, new ReportFields());

        var formButton = form.Document.QuerySelector("#report-form button[type='submit']")!;
        Assert.Equal("check", formButton.GetAttribute("value"));
        var checkButton = check.Document.QuerySelector("#report-form button[type='submit']")!;
        Assert.Equal("send", checkButton.GetAttribute("value"));
    }
}
