using System.Net;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Notifications;
using ReportPortal.Core.Staff;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Workflow;

/// <summary>Staff email from the outbox to a real SMTP server (aiosmtpd), counted at the server.</summary>
public sealed class OutboxDeliveryTests : WorkflowTest
{
    private async Task NotifyAsync(Guid caseId, params StaffMember[] recipients)
    {
        await using var db = ReporterApp.Database(Database);
        Outbox.CaseGranted(db, caseId, recipients.Select(r => r.Id), Clock);
        await db.SaveChangesAsync();
    }

    private async Task<List<NotificationDigest>> DigestsAsync()
    {
        await using var db = ReporterApp.Database(Database);
        return await db.NotificationDigests.AsNoTracking().ToListAsync();
    }

    [Fact]
    public async Task Each_recipient_gets_one_content_free_digest_an_hour_and_nothing_about_a_closed_case()
    {
        var force = await WorkflowData.ForceAsync(Database);
        var alice = await WorkflowData.HandlerAsync(Database, force, "alice");
        var bob = await WorkflowData.HandlerAsync(Database, force, "bob");
        var today = UkCalendar.Today(Clock);
        var cases = new List<Core.Cases.Case>();
        for (var i = 0; i < 3; i++)
        {
            cases.Add(await WorkflowData.CaseAsync(Database, force, today, alice, bob));
            await NotifyAsync(cases[^1].Id, alice);
        }

        await NotifyAsync(cases[0].Id, bob);
        var host = StartHost();

        var mail = await Smtp.WaitForAsync(2);
        Assert.Equal(2, mail.Count);
        Assert.Equal(["alice@force.test", "bob@force.test"], mail.Select(m => m.To).Order(StringComparer.Ordinal));
        Assert.Contains("3 things need your attention", mail.Single(m => m.To == "alice@force.test").Raw, StringComparison.Ordinal);
        Assert.All(mail, m =>
        {
            Assert.Equal("ReportPortal: something needs your attention", m.Subject);
            Assert.Contains("https://staff.force.test/staff/cases", m.Raw, StringComparison.Ordinal);
            Assert.All(cases, c => Assert.DoesNotContain(c.Reference, m.Raw, StringComparison.Ordinal));
            Assert.All(cases, c => Assert.DoesNotContain(c.Id.ToString(), m.Raw, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain("alice", m.Raw.Split("\n\n", 2)[1], StringComparison.OrdinalIgnoreCase);
        });
        Assert.Equal((await DigestsAsync()).Select(d => d.MessageId).Order(StringComparer.Ordinal), mail.Select(m => m.MessageId).Order(StringComparer.Ordinal));

        // Within the hour, more for Alice waits; a notification about a case closed meanwhile is never sent.
        var late = await WorkflowData.CaseAsync(Database, force, today, alice, bob);
        await NotifyAsync(late.Id, alice);
        await NotifyAsync(cases[1].Id, bob);
        await using (var db = ReporterApp.Database(Database))
        {
            await db.Cases.Where(c => c.Id == cases[1].Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.ClosedOn, today).SetProperty(c => c.Status, Core.Cases.CaseStatus.Closed));
        }

        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Equal(2, Smtp.Messages().Count);

        Clock.Advance(TimeSpan.FromMinutes(61));
        mail = await Smtp.WaitForAsync(3);
        await Task.Delay(TimeSpan.FromSeconds(3));
        mail = Smtp.Messages();
        Assert.Equal(3, mail.Count);
        Assert.Equal(2, mail.Count(m => m.To == "alice@force.test"));
        Assert.Single(mail, m => m.To == "bob@force.test");
        await using (var db = ReporterApp.Database(Database))
        {
            Assert.NotNull((await db.Notifications.SingleAsync(n => n.CaseId == cases[1].Id && n.StaffMemberId == bob.Id)).DroppedOn);
        }

        using var client = host.CreateClient();
        var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        var body = await health.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("\"jobStore\":\"persistent\"", body, StringComparison.Ordinal);
        Assert.Contains("\"clustered\":true", body, StringComparison.Ordinal);

        // Each job's runs are recorded for the operators' page, by the workflow role.
        await using (var db = ReporterApp.Database(Database))
        {
            var runs = await db.WorkflowRuns.AsNoTracking().OrderBy(r => r.Job).ToListAsync();
            Assert.Equal(["clock-notices", "retaliation-check-ins", "staff-email-outbox"], runs.Select(r => r.Job));
            Assert.All(runs, r => Assert.True(r.Runs > 1 && r.LastSucceededAt is not null && r.ConsecutiveFailures == 0, $"{r.Job}: {r.Runs} runs, {r.ConsecutiveFailures} failures"));
        }
    }

    [Fact]
    public async Task Smtp_down_for_a_day_then_up_delivers_every_digest_exactly_once()
    {
        var force = await WorkflowData.ForceAsync(Database);
        var handlers = new List<StaffMember>();
        for (var i = 0; i < 5; i++)
        {
            handlers.Add(await WorkflowData.HandlerAsync(Database, force, $"handler{i}"));
        }

        var @case = await WorkflowData.CaseAsync(Database, force, UkCalendar.Today(Clock), [.. handlers]);
        await NotifyAsync(@case.Id, [.. handlers]);
        Smtp.Stop();
        StartHost();

        // Attempts are recorded and spaced out as the simulated day passes.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await DigestsAsync()).Count(d => d.Attempts > 0) < 5 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(300);
        }

        // Each 3-hour step makes every digest due again; wait (in real time, as long as a loaded machine needs)
        // until the worker has tried again, and let it poll a little more, before the next step.
        var steps = 0;
        for (var hour = 0; hour < 24; hour += 3, steps++)
        {
            var before = (await DigestsAsync()).Sum(d => d.Attempts);
            Clock.Advance(TimeSpan.FromHours(3));
            deadline = DateTime.UtcNow.AddSeconds(60);
            while ((await DigestsAsync()).Sum(d => d.Attempts) == before && DateTime.UtcNow < deadline)
            {
                await Task.Delay(300);
            }

            await Task.Delay(TimeSpan.FromSeconds(1.5));
        }

        var failed = await DigestsAsync();
        Assert.Equal(5, failed.Count);
        Assert.All(failed, d => Assert.Null(d.SentAt));
        Assert.All(failed, d => Assert.NotNull(d.LastFailure));
        Assert.InRange(failed.Sum(d => d.Attempts), 5 + steps, 5 * (1 + steps));
        // Backed off, not hammered: with the clock standing still between steps the worker polled every second, yet
        // no digest was tried more than once a step: each waited out its own delay before the next try.
        Assert.All(failed, d => Assert.InRange(d.Attempts, 1, 1 + steps));

        Smtp.Resume();
        Clock.Advance(TimeSpan.FromHours(1));
        var mail = await Smtp.WaitForAsync(5);
        await Task.Delay(TimeSpan.FromSeconds(4));
        mail = Smtp.Messages();

        Assert.Equal(5, mail.Count);
        Assert.Equal(5, mail.Select(m => m.MessageId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(handlers.Select(h => h.Email).Order(StringComparer.Ordinal), mail.Select(m => m.To).Order(StringComparer.Ordinal));
        Assert.All(await DigestsAsync(), d => Assert.NotNull(d.SentAt));
    }

    [Fact]
    public async Task A_digest_the_relay_accepted_just_before_the_worker_lost_its_transaction_is_sent_again_with_the_same_Message_ID()
    {
        var force = await WorkflowData.ForceAsync(Database);
        var carol = await WorkflowData.HandlerAsync(Database, force, "carol");
        var @case = await WorkflowData.CaseAsync(Database, force, UkCalendar.Today(Clock), carol);
        await NotifyAsync(@case.Id, carol);
        Smtp.HoldReplies();
        StartHost();

        // The relay has the message; its "250" is held while the worker waits with the digest row locked.
        var first = await Smtp.WaitForAsync(1);
        Assert.Single(first);
        // The worker dies before it can record the send: its transaction (the one holding the digest row) ends.
        await using (var admin = new NpgsqlConnection(Database))
        {
            await admin.OpenAsync();
            var ended = await new NpgsqlCommand("""
                SELECT count(pg_terminate_backend(l.pid)) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                WHERE c.relname = 'NotificationDigests' AND l.mode = 'RowShareLock' AND l.pid <> pg_backend_pid()
                  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                """, admin).ExecuteScalarAsync();
            Assert.Equal(1L, ended);
        }

        Smtp.ReleaseReplies();

        // Nothing recorded it as sent, so the next run sends it again, under the same Message-ID: the
        // recipient's mail program shows one email, and the digest is then recorded as sent once.
        var both = await Smtp.WaitForAsync(2);
        Assert.Equal(2, both.Count);
        Assert.Equal(first[0].MessageId, both[0].MessageId);
        Assert.Equal(first[0].MessageId, both[1].MessageId);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await DigestsAsync()).Single().SentAt is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        var digest = (await DigestsAsync()).Single();
        Assert.NotNull(digest.SentAt);
        Assert.Equal($"<{digest.Id:N}@", digest.MessageId[..34]);
        Assert.Equal(digest.MessageId, both[0].MessageId);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(2, Smtp.Messages().Count);
    }

    [Fact]
    public async Task A_member_who_chose_daily_email_gets_one_digest_a_day_while_others_get_theirs_hourly()
    {
        var force = await WorkflowData.ForceAsync(Database);
        var daily = await WorkflowData.HandlerAsync(Database, force, "daily");
        var hourly = await WorkflowData.HandlerAsync(Database, force, "hourly");
        await using (var db = ReporterApp.Database(Database))
        {
            await db.StaffMembers.Where(s => s.Id == daily.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.DigestIntervalHours, 24));
        }

        var @case = await WorkflowData.CaseAsync(Database, force, UkCalendar.Today(Clock), daily, hourly);
        await NotifyAsync(@case.Id, daily, hourly);
        StartHost();
        Assert.Equal(2, (await Smtp.WaitForAsync(2)).Count);

        // Two hours on, more to say to both: only the hourly member hears now.
        Clock.Advance(TimeSpan.FromHours(2));
        await NotifyAsync((await WorkflowData.CaseAsync(Database, force, UkCalendar.Today(Clock), daily, hourly)).Id, daily, hourly);
        var mail = await Smtp.WaitForAsync(3);
        await Task.Delay(TimeSpan.FromSeconds(3));
        mail = Smtp.Messages();
        Assert.Equal(3, mail.Count);
        Assert.Single(mail, m => m.To == "daily@force.test");

        // A day after their first, the daily member gets the rest in one email.
        Clock.Advance(TimeSpan.FromHours(22));
        mail = await Smtp.WaitForAsync(4);
        Assert.Equal(2, mail.Count(m => m.To == "daily@force.test"));
    }

    [Fact]
    public async Task Two_clustered_workflow_processes_deliver_each_digest_exactly_once()
    {
        var force = await WorkflowData.ForceAsync(Database);
        var handlers = new List<StaffMember>();
        for (var i = 0; i < 20; i++)
        {
            handlers.Add(await WorkflowData.HandlerAsync(Database, force, $"clustered{i}"));
        }

        for (var i = 0; i < 10; i++)
        {
            var @case = await WorkflowData.CaseAsync(Database, force, UkCalendar.Today(Clock), [.. handlers]);
            await NotifyAsync(@case.Id, [.. handlers]);
        }

        StartHost();
        StartHost();

        var mail = await Smtp.WaitForAsync(20, TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(5));
        mail = Smtp.Messages();

        Assert.Equal(20, mail.Count);
        Assert.Equal(20, mail.Select(m => m.MessageId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(20, mail.Select(m => m.To).Distinct(StringComparer.Ordinal).Count());
        Assert.All(mail, m => Assert.Contains("10 things need your attention", m.Raw, StringComparison.Ordinal));
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        Assert.Equal(2L, await new NpgsqlCommand("SELECT count(*) FROM quartz.qrtz_scheduler_state", connection).ExecuteScalarAsync());
    }

    [Fact]
    public async Task An_unacknowledged_case_escalates_to_its_handlers_once_and_an_acknowledged_one_does_not()
    {
        var force = await WorkflowData.ForceAsync(Database);
        var handler = await WorkflowData.HandlerAsync(Database, force, "escalation");
        var other = await WorkflowData.HandlerAsync(Database, force, "not-granted");
        var today = UkCalendar.Today(Clock);
        var waiting = await WorkflowData.CaseAsync(Database, force, today.AddDays(-5), handler);
        var acknowledged = await WorkflowData.CaseAsync(Database, force, today.AddDays(-5), handler);
        await using (var db = ReporterApp.Database(Database))
        {
            await db.Cases.Where(c => c.Id == acknowledged.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.AcknowledgedOn, today.AddDays(-1)));
        }

        var host = StartHost();
        var mail = await Smtp.WaitForAsync(1);
        await Task.Delay(TimeSpan.FromSeconds(3));

        await using var check = ReporterApp.Database(Database);
        var notices = await check.Notifications.AsNoTracking().ToListAsync();
        Assert.True(notices.Count == 1, host.Logs.Text);
        var notice = notices[0];
        Assert.Equal((waiting.Id, handler.Id, NotificationKind.ClockEscalated, Core.Cases.DeadlineKind.HumanAcknowledgement), (notice.CaseId, notice.StaffMemberId, notice.Kind, notice.Clock));
        Assert.True(Smtp.Messages().Count == 1, host.Logs.Text);
        Assert.Equal("escalation@force.test", Assert.Single(Smtp.Messages()).To);
        Assert.DoesNotContain(notices, n => n.StaffMemberId == other.Id);

        // Day 8: overdue is a second notice; further runs add nothing.
        Clock.Advance(TimeSpan.FromDays(3));
        await Task.Delay(TimeSpan.FromSeconds(4));
        var after = await check.Notifications.AsNoTracking().ToListAsync();
        Assert.Equal(2, after.Count);
        Assert.Single(after, n => n.Kind == NotificationKind.ClockOverdue);
        Assert.Equal(2, (await Smtp.WaitForAsync(2)).Count);
    }
}
