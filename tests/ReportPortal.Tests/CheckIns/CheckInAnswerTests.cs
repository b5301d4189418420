using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Cases;
using ReportPortal.Core.CheckIns;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Notifications;
using ReportPortal.Core.Staff;
using ReportPortal.Tests.Infrastructure;
using ReportPortal.Tests.Safety;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.CheckIns;

/// <summary>
/// A reporter answers a check-in through the real pages, as the reporter database role: what to fix is said
/// and what was typed kept; the answer is sealed under the welfare key (a welfare lead opens it, a handler's
/// grant cannot, and the text is nowhere in a dump of the database); "treated badly" dates the detriment and
/// alerts the welfare leads and the handler; the first answer stands; an ended session keeps the answer.
/// </summary>
public sealed class CheckInAnswerTests : StaffAppTest
{
    private const string Canary = "CanaryCheckInAnswerQz81 moved to nights the week after I reported";

    [Fact]
    public async Task A_treated_badly_answer_is_sealed_for_welfare_leads_dates_the_detriment_alerts_and_stands()
    {
        var alice = await App.AddStaffAsync("alice", "4001");
        var wanda = await App.AddStaffAsync("wanda", "5001", intake: false, roles: ["welfare-lead"]);
        var (receipt, _, _) = await FileAsync(new ReportFields());
        await App.RunIntakeAsync();
        await App.WithDatabaseAsync(db => db.Notifications.ExecuteDeleteAsync());
        App.Clock.Advance(TimeSpan.FromDays(32));
        Assert.Equal(1, await CheckInRun.MakeDueAsync(App.AdminConnectionString, App.Clock));

        var inbox = await SignInAsync(receipt.Display);
        var checkIn = Assert.Single(inbox.Document.QuerySelectorAll(".rp-check-in"));
        Assert.Contains("A month since you reported. How are things at work?", checkIn.TextContent, StringComparison.Ordinal);
        var page = await Browser.GetAsync(checkIn.QuerySelector("a")!.GetAttribute("href")!);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        // The heading says which check-in this is; the question is asked once, by the form.
        Assert.Equal("A month since you reported", page.Document.QuerySelector("h1")!.TextContent.Trim());
        Assert.Single(page.Document.QuerySelectorAll("legend, p, h1, div"), e => e.ChildElementCount == 0 && e.TextContent.Contains("How are things at work?", StringComparison.Ordinal));

        // No choice: said, with the text kept; a receipt in the text: refused, and not echoed back.
        var refused = await Browser.SubmitAsync(page, "check-in", ("details", Canary));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Contains("Choose how things are at work", refused.ErrorSummary);
        Assert.Equal(Canary, refused.Document.QuerySelector("textarea[name='details']")!.TextContent);
        refused = await Browser.SubmitAsync(refused, "check-in", ("choice", "treated-badly"), ("details", "my receipt is " + receipt.Display));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.DoesNotContain(receipt.Display, refused.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("treated-badly", refused.Document.QuerySelector("input[name='choice'][checked]")!.GetAttribute("value"));
        refused = await Browser.SubmitAsync(refused, "check-in", ("choice", "not-a-choice"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);

        var answered = await Browser.SubmitAsync(refused, "check-in", ("choice", "treated-badly"), ("details", Canary));
        Assert.Equal("/status/inbox", answered.Address.AbsolutePath);
        Assert.Contains("Your answer has been sent to welfare support.", answered.Text, StringComparison.Ordinal);
        Assert.Contains("I am being treated badly because I reported", answered.Document.QuerySelector(".rp-check-in")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(Canary, answered.Document.QuerySelector(".rp-check-in")!.TextContent, StringComparison.Ordinal);

        // The detriment's day is noted, and the welfare lead and the handler are told (without content).
        var today = UkCalendar.Today(App.Clock);
        var @case = await App.WithDatabaseAsync(db => db.Cases.AsNoTracking().SingleAsync());
        Assert.Equal(today, @case.DetrimentReportedOn);
        var alerted = await App.WithDatabaseAsync(db => db.Notifications.Where(n => n.Kind == NotificationKind.WelfareAlert).Select(n => n.StaffMemberId).ToListAsync());
        Assert.Equal(new[] { alice.Id, wanda.Id }.Order(), alerted.Order());
        Assert.Equal(1, await App.WithDatabaseAsync(db => db.Deadlines.CountAsync(d => d.Kind == DeadlineKind.WelfareLeadAssignment)));

        // Sealed under the welfare key: the welfare lead's grant opens it, the handler's case-content grant cannot.
        var row = await App.WithDatabaseAsync(db => db.CheckIns.AsNoTracking().SingleAsync());
        Assert.Equal(today, row.AnsweredOn);
        var grants = await App.WithDatabaseAsync(db => db.KeyGrants.AsNoTracking().Where(g => g.CaseId == @case.Id && g.Holder == KeyHolder.Staff).ToListAsync());
        using var leadKey = StaffKeys.Unlock(wanda, StaffFixtures.Password("wanda"), App.Settings.StaffKeyPepper);
        var welfareKey = CaseGrants.OpenWithPrivateKey(grants.Single(g => g.StaffMemberId == wanda.Id && g.Purpose == KeyPurpose.Welfare), leadKey, App.Retention);
        Assert.Equal(new CheckInAnswer("treated-badly", Canary), CheckInRules.Open(welfareKey, row));
        using var handlerKey = StaffKeys.Unlock(alice, StaffFixtures.Password("alice"), App.Settings.StaffKeyPepper);
        var caseKey = CaseGrants.OpenWithPrivateKey(grants.Single(g => g.StaffMemberId == alice.Id && g.Purpose == KeyPurpose.CaseContent), handlerKey, App.Retention);
        Assert.ThrowsAny<CryptographicException>(() => CheckInRules.Open(caseKey, row));
        Assert.DoesNotContain(grants, g => g.StaffMemberId == alice.Id && g.Purpose == KeyPurpose.Welfare);

        // The welfare lead reads it on the welfare case page.
        var lead = await Staff.SignInAsync(wanda);
        var welfarePage = await lead.GetAsync($"/staff/welfare/{@case.Id}");
        var answers = welfarePage.Document.QuerySelector("#check-in-answers")!.TextContent;
        Assert.Contains("Being treated badly because they reported", answers, StringComparison.Ordinal);
        Assert.Contains(Canary, answers, StringComparison.Ordinal);

        // Answering again from the old page is refused: the first answer stands, and nothing is raised twice.
        var again = await Browser.SubmitAsync(page, "check-in", ("choice", "all-fine"), ("details", "All fine now, ignore that."));
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Contains(again.ErrorSummary, e => e.StartsWith("You have already answered this check-in", StringComparison.Ordinal));
        // The summary's link leads to something on the page: the line saying when it was answered, not a form that is gone.
        var target = again.Document.QuerySelector(".govuk-error-summary a")!.GetAttribute("href")!;
        Assert.Contains("You answered this check-in on", again.Document.QuerySelector(target)!.TextContent, StringComparison.Ordinal);
        var after = await App.WithDatabaseAsync(db => db.CheckIns.AsNoTracking().SingleAsync());
        Assert.Equal(row.SealedAnswer, after.SealedAnswer);
        Assert.Equal(2, await App.WithDatabaseAsync(db => db.Notifications.CountAsync(n => n.Kind == NotificationKind.WelfareAlert)));

        // The database holds no trace of the words: not as typed, nor in hex or base64.
        var dump = await (await PostgresServer.GetAsync()).DumpAsync(App.AdminConnectionString);
        Assert.Contains("CheckIns", dump, StringComparison.Ordinal);
        foreach (var form in CanaryTests.Encodings("CanaryCheckInAnswerQz81"))
        {
            Assert.DoesNotContain(form, dump, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task An_answer_sent_after_the_session_ended_is_kept_and_goes_once_the_receipt_is_entered()
    {
        await App.AddStaffAsync("alice", "4001");
        await App.AddStaffAsync("wanda", "5001", intake: false, roles: ["welfare-lead"]);
        var (receipt, _, _) = await FileAsync(new ReportFields());
        await App.RunIntakeAsync();
        App.Clock.Advance(TimeSpan.FromDays(32));
        await CheckInRun.MakeDueAsync(App.AdminConnectionString, App.Clock);
        var inbox = await SignInAsync(receipt.Display);
        var page = await Browser.GetAsync(inbox.Document.QuerySelector(".rp-check-in a")!.GetAttribute("href")!);

        App.Clock.Advance(TimeSpan.FromMinutes(31));
        var held = await Browser.SubmitAsync(page, "check-in", ("choice", "would-like-to-talk"), ("details", "A call after my shift would help."));
        Assert.Contains("Enter your receipt to send your answer", held.Text, StringComparison.Ordinal);
        Assert.Contains("I would like to talk to someone", held.Text, StringComparison.Ordinal);
        Assert.Contains("A call after my shift would help.", held.Text, StringComparison.Ordinal);
        Assert.Null(await App.WithDatabaseAsync(db => db.CheckIns.Select(c => c.AnsweredOn).SingleAsync()));

        var wrong = await Browser.SubmitAsync(held, "check-in-resume", ("receipt", "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-A"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.Status);
        Assert.Contains("A call after my shift would help.", wrong.Text, StringComparison.Ordinal);

        var sent = await Browser.SubmitAsync(wrong, "check-in-resume", ("receipt", receipt.Display));
        Assert.Equal("/status/inbox", sent.Address.AbsolutePath);
        Assert.Contains("Your answer has been sent to welfare support.", sent.Text, StringComparison.Ordinal);
        Assert.Contains("A call after my shift would help.", sent.Document.QuerySelector(".rp-check-in")!.TextContent, StringComparison.Ordinal);
        var @case = await App.WithDatabaseAsync(db => db.Cases.AsNoTracking().SingleAsync());
        Assert.True(@case.SupportRequested);
        Assert.Null(@case.DetrimentReportedOn);
        Assert.NotNull(await App.WithDatabaseAsync(db => db.CheckIns.Select(c => c.AnsweredOn).SingleAsync()));
    }
}
