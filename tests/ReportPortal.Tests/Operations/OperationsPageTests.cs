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

        // Demo: two overdue acknowledgements, one escalated feedback clock, one welfare assignment due in 3 days,
        // then what must not count: a met overdue clock, an overdue clock of a closed case, a clock due in 30 days.
        await CaseAsync(demo, CaseStatus.Received, (DeadlineKind.HumanAcknowledgement, today.AddDays(-2), null, null));
        await CaseAsync(demo, CaseStatus.Received, (DeadlineKind.HumanAcknowledgement, today.AddDays(-1), null, null));
        await CaseAsync(demo, CaseStatus.Acknowledged,
            (DeadlineKind.FeedbackToReporter, today.AddDays(4), today.AddDays(-1), null),
            (DeadlineKind.WelfareLeadAssignment, today.AddDays(3), null, null),
            (DeadlineKind.HumanAcknowledgement, today.AddDays(-9), null, today.AddDays(-8)));
        await CaseAsync(demo, CaseStatus.Closed, (DeadlineKind.HumanAcknowledgement, today.AddDays(-20), null, null));
        await CaseAsync(demo, CaseStatus.Received, (DeadlineKind.IopcReferralDecision, today.AddDays(30), null, null));
        await CaseAsync(other.Id, CaseStatus.Received, (DeadlineKind.HumanAcknowledgement, today.AddDays(-5), null, null));

        var national = await SignInAsync(await AddAdminAsync("nat"));
        var page = await national.GetAsync("/staff/operations");

        Assert.True(page.Status == HttpStatusCode.OK, Staff.Logs.Text);
        Assert.Equal(("2", "0", "0"), Counts(page, "demo", "human-acknowledgement"));
        Assert.Equal(("0", "1", "1"), Counts(page, "demo", "feedback-to-reporter"));
        Assert.Equal(("0", "0", "1"), Counts(page, "demo", "welfare-lead-assignment"));
        Assert.Equal(("0", "0", "0"), Counts(page, "demo", "iopc-referral-decision"));
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
        var caseId = await CaseAsync(await ForceIdAsync("demo"), CaseStatus.Received);
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

    private async Task<Guid> CaseAsync(Guid forceId, CaseStatus status, params (DeadlineKind Kind, DateOnly Due, DateOnly? Escalate, DateOnly? Met)[] clocks)
    {
        var @case = new Case
        {
            ForceId = forceId,
            Reference = "RP-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant(),
            Status = status,
            SubmittedOn = UkCalendar.Today(Staff.Clock).AddDays(-30),
            ClosedOn = status == CaseStatus.Closed ? UkCalendar.Today(Staff.Clock) : null,
            ReceiptLookup = Guid.NewGuid().ToByteArray(),
            SubmissionTokenHash = Guid.NewGuid().ToByteArray(),
            SealedAccount = [1, 2, 3],
        };
        foreach (var (kind, due, escalate, met) in clocks)
        {
            @case.Deadlines.Add(new Deadline { CaseId = @case.Id, Kind = kind, DueOn = due, EscalateOn = escalate, MetOn = met });
        }

        await App.WithDatabaseAsync(async db =>
        {
            db.Cases.Add(@case);
            await db.SaveChangesAsync();
        });
        return @case.Id;
    }
}
