extern alias workflow;

using System.Net;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Forces;
using ReportPortal.Core.Notifications;
using ReportPortal.Core.Operations;
using ReportPortal.Tests.Administration;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Operations;

/// <summary>
/// The operators' page: how the workflow's jobs last went, the staff email backlog, and per force the open
/// clocks that are overdue, escalated or due soon. A met clock and a closed case count for nothing, and a
/// force's own administrator sees only their force.
/// </summary>
public sealed class OperationsPageTests : AdminTest
{
    [Fact]
    public async Task Clocks_are_counted_per_force_met_clocks_and_closed_cases_stop_counting_and_a_force_administrator_sees_only_their_force()
    {
        var today = UkCalendar.Today(Staff.Clock);
        var demo = await ForceIdAsync("demo");
        var other = new Force { Code = "oth", Name = "Other Constabulary" };
        await App.WithDatabaseAsync(async db =>
        {
            db.Forces.Add(other);
            await db.SaveChangesAsync();
        });

        // Demo: two overdue acknowledgements, one escalated feedback clock, one welfare assignment due within days,
        // then what must not count: a met overdue clock, an overdue clock of a closed case, a withdrawn report,
        // a case whose clocks are all far off. Each clock is what ClockRules derives from the case's dates.
        await CaseAsync(demo, today.AddDays(-9));
        await CaseAsync(demo, today.AddDays(-8));
        var feedbackEscalated = today.AddDays(4).AddMonths(-3);
        await CaseAsync(demo, feedbackEscalated, acknowledgedOn: feedbackEscalated, welfareSince: today);
        await CaseAsync(demo, today.AddDays(-17), acknowledgedOn: today.AddDays(-8));
        await CaseAsync(demo, today.AddDays(-27), closedOn: today);
        await CaseAsync(demo, today.AddDays(-27), acknowledgedOn: today.AddDays(-26), outcome: CaseOutcome.Withdrawn);
        await CaseAsync(demo, today, acknowledgedOn: today);
        await CaseAsync(other.Id, today.AddDays(-12));

        var national = await SignInAsync(await AddAdminAsync("nat"));
        var page = await national.GetAsync("/staff/operations");

        Assert.True(page.Status == HttpStatusCode.OK, Staff.Logs.Text);
        Assert.Equal(("2", "0", "0"), Counts(page, "demo", "human-acknowledgement"));
        Assert.Equal(("0", "1", "1"), Counts(page, "demo", "feedback-to-reporter"));
        Assert.Equal(("0", "0", "1"), Counts(page, "demo", "welfare-lead-assignment"));
        Assert.Equal(("0", "0", "0"), Counts(page, "demo", "long-investigation-report"));
        Assert.Equal(("1", "0", "0"), Counts(page, "oth", "human-acknowledgement"));

        var forceAdmin = await SignInAsync(await AddAdminAsync("local", national: false));
        var own = await forceAdmin.GetAsync("/staff/operations");
        Assert.NotNull(own.Document.QuerySelector("table[data-force='demo']"));
        Assert.Null(own.Document.QuerySelector("[data-force='oth']"));
        // The retention keys are the whole service's: shown to a national administrator only. None wraps a shredded case yet.
        Assert.NotNull(page.Document.QuerySelector("#retention-keys-clear"));
        Assert.NotNull(page.Document.QuerySelector($"#retention-key-table tr[data-key='{App.Retention.CurrentId}']"));
        Assert.Null(own.Document.QuerySelector("#retention-keys"));
        Assert.DoesNotContain("Other Constabulary", own.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workflow_jobs_show_never_run_failing_stopped_or_running_and_the_email_backlog_is_counted()
    {
        var now = Staff.Clock.GetUtcNow();
        await App.WithDatabaseAsync(async db =>
        {
            db.WorkflowRuns.Add(new WorkflowRun
            {
                Job = "staff-email-outbox", LastStartedAt = now.AddMinutes(-1), LastSucceededAt = now.AddHours(-3),
                LastFailedAt = now.AddMinutes(-1), LastFailure = "SmtpCommandException", ConsecutiveFailures = 4, Runs = 200,
            });
            await db.SaveChangesAsync();
        });
        var admin = await AddAdminAsync("ops");
        var session = await SignInAsync(admin);

        var page = await session.GetAsync("/staff/operations");
        // Every job the workflow schedules has its row, and no other.
        Assert.Equal(
            workflow::ReportPortal.Workflow.Scheduling.WorkflowScheduling.JobNames.Order(StringComparer.Ordinal),
            page.Document.QuerySelectorAll("#workflow-jobs tr[data-job]").Select(r => r.GetAttribute("data-job")!).Order(StringComparer.Ordinal));
        Assert.Contains("Never run", Row(page, "clock-notices"), StringComparison.Ordinal);
        Assert.Contains("Never run", Row(page, "retaliation-check-ins"), StringComparison.Ordinal);
        Assert.Contains("Failing: 4 runs in a row", Row(page, "staff-email-outbox"), StringComparison.Ordinal);
        Assert.Contains("SmtpCommandException", Row(page, "staff-email-outbox"), StringComparison.Ordinal);

        // The clock job ran a minute ago and succeeded; the email job recovered but then stopped running.
        await App.WithDatabaseAsync(async db =>
        {
            db.WorkflowRuns.Add(new WorkflowRun { Job = "clock-notices", LastStartedAt = now.AddMinutes(-1), LastSucceededAt = now.AddMinutes(-1), Runs = 10 });
            await db.WorkflowRuns.Where(r => r.Job == "staff-email-outbox").ExecuteUpdateAsync(r => r
                .SetProperty(x => x.ConsecutiveFailures, 0).SetProperty(x => x.LastStartedAt, now.AddMinutes(-40)));
            await db.SaveChangesAsync();
        });
        var handler = await AddMemberAsync("hana", ["handler"]);
        var caseId = await CaseAsync(await ForceIdAsync("demo"), UkCalendar.Today(Staff.Clock));
        await App.WithDatabaseAsync(async db =>
        {
            var digest = new NotificationDigest { StaffMemberId = handler.Id, MessageId = "<d1@test>", CreatedAt = now.AddHours(-2), Attempts = 3, NextAttemptAt = now, LastFailure = "SocketException" };
            db.NotificationDigests.Add(digest);
            db.Notifications.Add(new Notification { StaffMemberId = handler.Id, Kind = NotificationKind.CaseGranted, CaseId = caseId, CreatedOn = UkCalendar.Today(Staff.Clock), DigestId = digest.Id });
            db.Notifications.Add(new Notification { StaffMemberId = handler.Id, Kind = NotificationKind.CaseGranted, CaseId = caseId, CreatedOn = UkCalendar.Today(Staff.Clock) });
            await db.SaveChangesAsync();
        });

        page = await session.GetAsync("/staff/operations");
        Assert.Contains("Running normally", Row(page, "clock-notices"), StringComparison.Ordinal);
        Assert.Contains("Stopped", Row(page, "staff-email-outbox"), StringComparison.Ordinal);
        var backlog = page.Document.QuerySelector("#email-backlog")!.TextContent;
        Assert.Contains("Noticeswaitingtobegathered1", Squash(backlog), StringComparison.Ordinal);
        Assert.Contains("Emailswaitingtobesent1", Squash(backlog), StringComparison.Ordinal);
        Assert.Contains("beingretried1(lastfailure:SocketException)", Squash(backlog), StringComparison.Ordinal);
    }

    private static string Row(LoadedPage page, string job) =>
        page.Document.QuerySelector($"#workflow-jobs tr[data-job='{job}']")?.TextContent ?? throw new InvalidOperationException($"no row for {job}");

    private static (string Overdue, string Escalated, string Soon) Counts(LoadedPage page, string force, string clock)
    {
        Assert.NotNull(page.Document.QuerySelector($"[data-force='{force}']"));
        // A clock with nothing to count has no row.
        var cells = page.Document.QuerySelectorAll($"table[data-force='{force}'] tr[data-clock='{clock}'] td").Select(c => c.TextContent.Trim()).ToList();
        return cells.Count == 0 ? ("0", "0", "0") : (cells[0], cells[1], cells[2]);
    }

    /// <summary>The text with all white space removed, so a label and its value read as one word.</summary>
    private static string Squash(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private async Task<Guid> CaseAsync(
        Guid forceId, DateOnly submittedOn, DateOnly? acknowledgedOn = null, DateOnly? closedOn = null, CaseOutcome? outcome = null, DateOnly? welfareSince = null)
    {
        var @case = new Case
        {
            ForceId = forceId,
            Reference = "RP-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant(),
            Status = closedOn is not null ? CaseStatus.Closed : acknowledgedOn is not null ? CaseStatus.Acknowledged : CaseStatus.Received,
            SubmittedOn = submittedOn,
            AcknowledgedOn = acknowledgedOn,
            ClosedOn = closedOn,
            Outcome = outcome,
            WelfareNeededSince = welfareSince,
            ReceiptLookup = Guid.NewGuid().ToByteArray(),
            SubmissionTokenHash = Guid.NewGuid().ToByteArray(),
            SealedAccount = [1, 2, 3],
        };
        await App.WithDatabaseAsync(async db =>
        {
            db.Cases.Add(@case);
            await db.SaveChangesAsync();
        });
        return @case.Id;
    }
}
