extern alias workflow;

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Quartz;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Forces;
using ReportPortal.Core.Notifications;
using ReportPortal.Core.Staff;
using ReportPortal.Tests.Infrastructure;
using ReportPortal.Tests.TestHost;
using Xunit.Abstractions;

namespace ReportPortal.Tests.Workflow;

/// <summary>
/// Two clustered workflow processes over a simulated year of cases on one clock the test moves: every notice
/// the clock rules make due is raised once per recipient and none that they do not, and every notification
/// reaches its recipient in exactly one digest, counted at a real SMTP server, through an SMTP outage of a day,
/// a PostgreSQL restart and one of the processes dying in the middle of a send. Every retaliation check-in the
/// rules make due reaches the reporter's inbox once, and HR events posted to the staff face alert once (the
/// reporters' part of the year is in SimulatedYearTests.Reporters.cs).
/// </summary>
public sealed partial class SimulatedYearTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeOnly StepTime = new(0, 20);

    private static readonly DateOnly[] FilingDays =
    [
        new(2027, 1, 5), new(2027, 2, 26),
        new(2027, 3, 25), // the Thursday before Good Friday and Easter Monday
        new(2027, 3, 27), new(2027, 3, 28), // either side of the change to BST
        new(2027, 4, 30), new(2027, 5, 28), new(2027, 8, 27), // before the May and August bank holidays
        new(2027, 10, 29), new(2027, 10, 31), // either side of the change back to GMT
        new(2027, 11, 30), new(2027, 12, 23), // before Christmas and the substitute days
    ];

    // Mid-run trouble, each on a group's escalation day (filing + 5), when there is mail to send.
    private static readonly DateOnly SmtpDownOn = FilingDays[2].AddDays(5);
    private static readonly DateOnly PostgresRestartOn = FilingDays[7].AddDays(5);
    private static readonly DateOnly NodeDiesOn = FilingDays[8].AddDays(5);
    private static readonly DateOnly LastDay = new(2028, 1, 6);

    private readonly SmtpCatcher _smtp = SmtpCatcher.Start();
    private readonly SimulatedClock _clock = new(At(FilingDays[0], TimeOnly.MinValue));
    private readonly SortedSet<DateOnly> _visited = [];
    private readonly List<PlannedCase> _cases = [];
    private readonly List<Node> _nodes = [];
    private readonly List<StaffMember> _handlers = [];
    private PostgresServer _server = default!;
    private string _database = default!;
    private Force _force = default!;
    private StaffMember _inactive = default!;
    private StaffMember _bystander = default!;

    /// <summary>What happens to a case after it is filed; the day offsets are from its filing day.</summary>
    private enum Fate
    {
        /// <summary>Acknowledged the day it arrives: no acknowledgement notice ever.</summary>
        AcknowledgedAtOnce,

        /// <summary>Acknowledged on day 6: escalated on day 5, never overdue.</summary>
        AcknowledgedLate,

        /// <summary>Closed unacknowledged on day 6.</summary>
        Closed,

        /// <summary>Withdrawn (outcome recorded, still open) on day 6.</summary>
        Withdrawn,

        /// <summary>Never acknowledged: escalated, overdue from day 8, and (every other group) closed later.</summary>
        Ignored,
    }

    public async Task InitializeAsync()
    {
        var w = Stopwatch.StartNew();
        _server = await PostgresServer.StartDedicatedAsync();
        _database = await _server.CreateMigratedDatabaseAsync();
        output.WriteLine($"Dedicated PostgreSQL started and migrated in {w.Elapsed.TotalSeconds:F1} s");
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
            output.WriteLine($"{node.Name} (dead: {node.Dead}) stopped in {node.Stopped.TotalSeconds:F1} s");
        }

        await StopFacesAsync();
        _smtp.Dispose();
        NpgsqlConnection.ClearPool(new NpgsqlConnection(_database));
        _server.Dispose();
    }

    [Fact]
    public async Task Two_workflow_processes_raise_every_due_notice_once_and_deliver_each_exactly_once_through_outages_over_a_year()
    {
        var watch = Stopwatch.StartNew();
        _force = await WorkflowData.ForceAsync(_database);
        for (var i = 0; i < 3; i++)
        {
            _handlers.Add(await WorkflowData.HandlerAsync(_database, _force, $"handler{i}"));
        }

        _inactive = await WorkflowData.HandlerAsync(_database, _force, "left-the-force");
        _bystander = await WorkflowData.HandlerAsync(_database, _force, "bystander");
        await using (var db = ReporterApp.Database(_database))
        {
            await db.StaffMembers.Where(s => s.Id == _inactive.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.IsActive, false));
            // Reporters keep access two months after closure: some closed cases lose it before a check-in.
            await db.Database.ExecuteSqlAsync($"""UPDATE "Forces" SET "ReporterAccessEndsMonthsAfterClosure" = 2 WHERE "Id" = {_force.Id}""");
            _force.Clocks.ReporterAccessEndsMonthsAfterClosure = 2;
        }

        await StartFacesAsync();

        _nodes.Add(new Node("node-a", _database, _smtp.Port, _clock));
        _nodes.Add(new Node("node-b", _database, _smtp.Port, _clock));
        foreach (var node in _nodes)
        {
            node.Start();
        }

        var days = CheckInVisits(FilingDays.SelectMany(f => new[] { f, f.AddDays(5), f.AddDays(6), f.AddDays(8) }).Append(LastDay)).ToList();
        var killed = (Node?)null;
        foreach (var day in days)
        {
            if (day == SmtpDownOn)
            {
                await SmtpDownForTheDayAsync(day);
            }
            else if (day == PostgresRestartOn)
            {
                await RestartPostgresAsync(day);
            }
            else if (day == NodeDiesOn)
            {
                killed = await KillANodeMidSendAsync(day);
            }
            else
            {
                await StepAsync(At(day, StepTime));
            }
        }

        var year = watch.Elapsed;
        await DrainAsync();
        output.WriteLine($"Simulated {_visited.Count} days ({_visited.Min:yyyy-MM-dd} to {_visited.Max:yyyy-MM-dd}) with {_cases.Count} cases in {year.TotalSeconds:F1} s; drained by {watch.Elapsed.TotalSeconds:F1} s.");

        var notices = await AssertNoticesFollowTheClockRulesAsync();
        var (notifications, digests, emails) = await AssertEveryNotificationIsDeliveredOnceAsync();
        Assert.True(killed is { Dead: true });
        var checkIns = await AssertCheckInsFollowTheRulesAsync();
        await AssertInboxesShowEachCheckInOnceAsync();
        var hr = await AssertWelfareAlertsAsync();

        output.WriteLine(string.Join(Environment.NewLine,
            "| The year                     | Count |",
            "|------------------------------|------:|",
            $"| Cases (through the form)     | {_cases.Count,5} ({_reporters.Count}) |",
            $"| Days the workflow ran        | {_visited.Count,5} |",
            $"| Clock notices                | {notices,5} |",
            $"| Check-ins (late, after close)| {checkIns.Made,5} ({checkIns.Late}, {checkIns.AfterClosure}) |",
            $"| HR events (matched, replays) | {hr.Events,5} ({hr.Matched}, {hr.Duplicates}) |",
            $"| Welfare alerts               | {hr.Alerts,5} |",
            $"| Notifications                | {notifications,5} |",
            $"| Digests sent                 | {digests,5} |",
            $"| Emails at the server         | {emails,5} |",
            $"| Seconds on reporters and HR  | {_facesTime.Elapsed.TotalSeconds,5:F0} |"));
    }

    private static DateTimeOffset At(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time);
        return new DateTimeOffset(local, UkCalendar.TimeZone.GetUtcOffset(local));
    }

    private IEnumerable<Node> Alive => _nodes.Where(n => !n.Dead);

    /// <summary>Moves the clock, does what people do that day, and waits until every job has run on it.</summary>
    private async Task StepAsync(DateTimeOffset at, bool act = true)
    {
        if (act)
        {
            await JumpAndActAsync(at);
        }
        else
        {
            _clock.JumpTo(at);
            _visited.Add(UkCalendar.Today(_clock));
        }

        await JobsRanAsync();
    }

    /// <summary>
    /// Moves the clock to a new day and does what people do on it while no job runs: a job that saw the new day
    /// before a case was closed that day would act on the day before's facts, which the rules would not explain.
    /// </summary>
    private async Task JumpAndActAsync(DateTimeOffset at, Action? whilePaused = null)
    {
        foreach (var node in Alive)
        {
            await node.StandbyAsync();
        }

        // Whatever was fired before has finished: each job's last start has its end, at two looks a moment apart
        // (a job records its start as it begins).
        var quiet = 0;
        await WaitUntilAsync(async () =>
        {
            var finished = (await RunsAsync()).Values.All(r => r.LastSucceededAt >= r.LastStartedAt || r.LastFailedAt >= r.LastStartedAt);
            quiet = finished ? quiet + 1 : 0;
            await Task.Delay(quiet == 1 ? 250 : 0);
            return quiet >= 2;
        }, "the running jobs to finish");
        whilePaused?.Invoke();
        _clock.JumpTo(at);
        var day = UkCalendar.Today(_clock);
        _visited.Add(day);
        await ActAsync(day);
        foreach (var node in Alive)
        {
            await node.ResumeAsync();
        }
    }

    /// <summary>Files the day's cases (granted to two handlers and a member who has left) and acts on earlier ones.</summary>
    private async Task ActAsync(DateOnly day)
    {
        await ReportersActAsync(day);
        if (Array.IndexOf(FilingDays, day) is var group and >= 0)
        {
            foreach (var fate in Enum.GetValues<Fate>())
            {
                var handlers = new[] { _handlers[_cases.Count % 3], _handlers[(_cases.Count + 1) % 3] };
                var @case = await WorkflowData.CaseAsync(_database, _force, day, [.. handlers, _inactive]);
                await using var db = ReporterApp.Database(_database);
                Outbox.CaseGranted(db, @case.Id, handlers.Select(h => h.Id), _clock);
                await db.SaveChangesAsync();
                _cases.Add(new PlannedCase(@case.Id, group, day, fate, handlers));
            }
        }

        await using var changes = ReporterApp.Database(_database);
        foreach (var @case in _cases)
        {
            if (@case.Fate == Fate.AcknowledgedAtOnce && @case.FiledOn == day || @case.Fate == Fate.AcknowledgedLate && @case.FiledOn.AddDays(6) == day)
            {
                @case.AcknowledgedOn = day;
                await changes.Cases.Where(c => c.Id == @case.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.AcknowledgedOn, day).SetProperty(c => c.Status, CaseStatus.Acknowledged));
            }
            else if (@case.Fate == Fate.Closed && @case.FiledOn.AddDays(6) == day
                || @case.Fate == Fate.Ignored && @case.Group % 2 == 0 && @case.Group + 1 < FilingDays.Length && FilingDays[@case.Group + 1] == day)
            {
                @case.ClosedOn = day;
                await changes.Cases.Where(c => c.Id == @case.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(c => c.ClosedOn, day).SetProperty(c => c.Status, CaseStatus.Closed).SetProperty(c => c.Outcome, CaseOutcome.NoCaseToAnswer));
            }
            else if (@case.Fate == Fate.Withdrawn && @case.FiledOn.AddDays(6) == day)
            {
                @case.WithdrawnOn = day;
                await changes.Cases.Where(c => c.Id == @case.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Outcome, CaseOutcome.Withdrawn));
            }
        }
    }

    /// <summary>
    /// Waits until each job has started twice since now on the nodes still alive, the latest run having finished
    /// well: whatever was running when the clock moved, at least one whole run of each job saw this day.
    /// </summary>
    private async Task JobsRanAsync(TimeSpan? timeout = null)
    {
        var before = await RunsAsync();
        var nudged = Stopwatch.StartNew();
        await WaitUntilAsync(async () =>
        {
            var now = await RunsAsync();
            if (nudged.Elapsed > TimeSpan.FromSeconds(1))
            {
                // A misfire scan that was running at the jump sleeps its 5 s from after it: let 6 s pass instead of waiting them.
                _clock.JumpTo(_clock.GetUtcNow().AddSeconds(6));
                nudged.Restart();
            }

            return now.Count == workflow::ReportPortal.Workflow.Scheduling.WorkflowScheduling.JobNames.Count && now.Values.All(r => r.Runs >= (before.GetValueOrDefault(r.Job)?.Runs ?? 0) + 2 && r.LastSucceededAt >= r.LastStartedAt);
        }, "every job to run twice", timeout);
    }

    private async Task<Dictionary<string, Core.Operations.WorkflowRun>> RunsAsync()
    {
        await using var db = ReporterApp.Database(_database);
        return await db.WorkflowRuns.AsNoTracking().ToDictionaryAsync(r => r.Job);
    }

    private async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(45));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited in vain for {what} on {UkCalendar.Today(_clock)}.{Environment.NewLine}{string.Join(Environment.NewLine, _nodes.Select(n => $"{n.Name}:{Environment.NewLine}{n.Host.Logs.Text}"))}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The relay is down from the start of the day to its end; digests fail, are retried with backoff, then all go.</summary>
    private async Task SmtpDownForTheDayAsync(DateOnly day)
    {
        _smtp.Stop();
        foreach (var hour in new[] { 0, 6, 12, 18 })
        {
            await StepAsync(At(day, StepTime.AddHours(hour)), act: hour == 0);
        }

        await using (var db = ReporterApp.Database(_database))
        {
            var waiting = await db.NotificationDigests.AsNoTracking().Where(d => d.SentAt == null && d.DroppedAt == null).ToListAsync();
            Assert.NotEmpty(waiting);
            // Each tried and its failure recorded (by type), some again later in the day; a run stops at the first
            // failure, so a few attempts each through the day, never one per poll.
            Assert.All(waiting, d => Assert.True(d.Attempts >= 1 && d.LastFailure is not null, $"{d.Attempts} attempts, {d.LastFailure}"));
            Assert.Contains(waiting, d => d.Attempts >= 2);
            Assert.All(waiting, d => Assert.InRange(d.Attempts, 1, 8));
        }

        _smtp.Resume();
    }

    /// <summary>PostgreSQL stops under both nodes mid-day and starts again; both notice, and carry on where they were.</summary>
    private async Task RestartPostgresAsync(DateOnly day)
    {
        await JumpAndActAsync(At(day, StepTime));
        await _server.StopServerAsync();
        foreach (var node in Alive)
        {
            await WaitUntilAsync(async () => await node.HealthAsync() == HttpStatusCode.ServiceUnavailable, $"{node.Name} to see the database gone");
        }

        _clock.JumpTo(At(day, StepTime.AddHours(2)));
        await _server.StartServerAgainAsync();
        NpgsqlConnection.ClearPool(new NpgsqlConnection(_database));
        ClearFacePools();
        _clock.JumpTo(At(day, StepTime.AddHours(2).AddMinutes(1)));
        await JobsRanAsync(TimeSpan.FromSeconds(90));
        foreach (var node in Alive)
        {
            Assert.Equal(HttpStatusCode.OK, await node.HealthAsync());
        }
    }

    /// <summary>
    /// The relay holds its "250" to the first digest of the day; whichever node is sending it dies then (its
    /// connections reset, none possible again), and the other node, alone, delivers everything from then on.
    /// </summary>
    private async Task<Node> KillANodeMidSendAsync(DateOnly day)
    {
        var before = _smtp.Messages().Count;
        await JumpAndActAsync(At(day, StepTime), _smtp.HoldReplies);
        await _smtp.WaitForAsync(before + 1);

        // The node holding a digest row (FOR UPDATE while it sends) is the one mid-send.
        await using var admin = new NpgsqlConnection(_database);
        await admin.OpenAsync();
        var sender = (string?)await new NpgsqlCommand("""
            SELECT min(a.application_name) FROM pg_locks l
            JOIN pg_class c ON c.oid = l.relation JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE c.relname = 'NotificationDigests' AND l.mode = 'RowShareLock' AND a.datname = current_database()
            """, admin).ExecuteScalarAsync();
        var killed = _nodes.Single(n => n.Name == sender);
        Assert.Equal(2L, await new NpgsqlCommand("SELECT count(*) FROM quartz.qrtz_scheduler_state", admin).ExecuteScalarAsync());
        killed.Kill();
        _smtp.ReleaseReplies();

        // A minute on, the survivor's cluster check-in finds the dead node silent and takes over its jobs; the
        // digest the dead node had handed to the relay but never recorded is sent again, under its Message-ID.
        _clock.JumpTo(At(day, StepTime.AddMinutes(1)));
        await JobsRanAsync(TimeSpan.FromSeconds(60));
        await WaitUntilAsync(() => Task.FromResult(_smtp.Messages().GroupBy(m => m.MessageId).Any(g => g.Count() == 2)), "the survivor to resend the dead node's digest");
        killed.StopInBackground();
        return killed;
    }

    /// <summary>After the year, a few hours more until nothing waits to be gathered or sent.</summary>
    private async Task DrainAsync()
    {
        for (var i = 0; i < 10; i++)
        {
            await using var db = ReporterApp.Database(_database);
            var waiting = await db.Notifications.CountAsync(n => n.DigestId == null && n.DroppedOn == null)
                + await db.NotificationDigests.CountAsync(d => d.SentAt == null && d.DroppedAt == null);
            if (waiting == 0)
            {
                return;
            }

            await StepAsync(_clock.GetUtcNow().AddHours(2), act: false);
        }

        Assert.Fail("Notifications still wait after the year has been drained.");
    }

    private async Task<int> AssertNoticesFollowTheClockRulesAsync()
    {
        await using var db = ReporterApp.Database(_database);
        var notices = await db.Notifications.AsNoTracking().Where(n => n.Clock != null).ToListAsync();
        var cases = _cases.ToDictionary(c => c.Id);

        // Once per recipient, kind, clock and due day, and only to those who may hear it.
        Assert.All(notices.GroupBy(n => (n.CaseId, n.StaffMemberId, n.Kind, n.Clock, n.ClockDueOn)), g => Assert.Single(g));
        Assert.DoesNotContain(notices, n => n.StaffMemberId == _bystander.Id || n.StaffMemberId == _inactive.Id);

        // Sound: each notice was due, by the pure rules, on the day it was raised, from the case's facts that day.
        Assert.All(notices, n =>
        {
            var @case = cases[n.CaseId];
            Assert.Contains(n.CreatedOn, _visited);
            var clock = ClockRules.Evaluate(@case.FactsOn(n.CreatedOn), _force.Clocks, WorkingCalendar.EnglandAndWales, n.CreatedOn)
                .SingleOrDefault(c => c.Kind == n.Clock && c.DueOn == n.ClockDueOn);
            Assert.True(clock is { Stage: ClockStage.Escalated or ClockStage.Overdue }, $"{n.Kind} about {n.Clock} due {n.ClockDueOn} raised on {n.CreatedOn} for a case filed {@case.FiledOn} ({@case.Fate}): the rules say {clock?.Stage.ToString() ?? "no such clock"}");
            if (n.Kind is NotificationKind.ClockEscalated or NotificationKind.ClockOverdue)
            {
                Assert.Equal(n.Kind == NotificationKind.ClockEscalated ? ClockStage.Escalated : ClockStage.Overdue, clock!.Stage);
            }
        });

        // Complete: every clock the rules made due on a day the workflow ran is announced. The acknowledgement
        // clock is announced to exactly the case's active handlers, each notice on the first day it was due;
        // any other clock the workflow announces at all is announced, to someone, whenever it is due.
        var announced = notices.Select(n => n.Clock!.Value).ToHashSet();
        var expected = 0;
        foreach (var @case in _cases)
        {
            foreach (var day in _visited.Where(d => d >= @case.FiledOn))
            {
                foreach (var clock in ClockRules.Evaluate(@case.FactsOn(day), _force.Clocks, WorkingCalendar.EnglandAndWales, day)
                    .Where(c => c.Stage is ClockStage.Escalated or ClockStage.Overdue && announced.Contains(c.Kind)))
                {
                    var about = notices.Where(n => n.CaseId == @case.Id && n.Clock == clock.Kind && n.ClockDueOn == clock.DueOn).ToList();
                    if (clock.Kind != DeadlineKind.HumanAcknowledgement)
                    {
                        Assert.True(about.Count > 0, $"{clock.Kind} due {clock.DueOn} was {clock.Stage} on {day} for a case filed {@case.FiledOn}, and nobody heard.");
                        continue;
                    }

                    var kind = clock.Stage == ClockStage.Escalated ? NotificationKind.ClockEscalated : NotificationKind.ClockOverdue;
                    var firstDue = _visited.First(d => d >= @case.FiledOn && ClockRules.Evaluate(@case.FactsOn(d), _force.Clocks, WorkingCalendar.EnglandAndWales, d)
                        .Single(c => c.Kind == DeadlineKind.HumanAcknowledgement).Stage == clock.Stage);
                    var these = about.Where(n => n.Kind == kind).ToList();
                    Assert.Equal(@case.Handlers.Select(h => h.Id).Order(), these.Select(n => n.StaffMemberId).Order());
                    Assert.All(these, n => Assert.Equal(firstDue, n.CreatedOn));
                    expected++;
                }
            }
        }

        // The year exercised every path: escalations and overdue notices both, and cases of every fate.
        Assert.Contains(notices, n => n.Kind == NotificationKind.ClockEscalated);
        Assert.Contains(notices, n => n.Kind == NotificationKind.ClockOverdue);
        Assert.True(expected > 100, $"only {expected} clock-days were due");
        Assert.DoesNotContain(notices, n => cases[n.CaseId].Fate == Fate.AcknowledgedAtOnce && n.Clock == DeadlineKind.HumanAcknowledgement);
        output.WriteLine($"{notices.Count} clock notices about {announced.Count} clock(s): {string.Join(", ", announced)}; {expected} (case, clock, day) dues checked.");
        return notices.Count;
    }

    private async Task<(int Notifications, int Digests, int Emails)> AssertEveryNotificationIsDeliveredOnceAsync()
    {
        await using var db = ReporterApp.Database(_database);
        var notifications = await db.Notifications.AsNoTracking().ToListAsync();
        var digests = await db.NotificationDigests.AsNoTracking().ToDictionaryAsync(d => d.Id);
        var cases = _cases.ToDictionary(c => c.Id);
        var mail = _smtp.Messages();
        var emails = await db.StaffMembers.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Email);

        // Dropped only when the rules say there is nothing more to say: the case ended or the clock was met.
        Assert.All(notifications.Where(n => n.DroppedOn is not null), n =>
        {
            var @case = cases[n.CaseId];
            var day = n.DroppedOn!.Value;
            var facts = @case.FactsOn(day);
            var ended = facts.Withdrawn || facts.ClosedOn is not null;
            var met = n.Clock is { } kind && ClockRules.Evaluate(facts, _force.Clocks, WorkingCalendar.EnglandAndWales, day)
                .SingleOrDefault(c => c.Kind == kind && c.DueOn == n.ClockDueOn) is not { Stage: ClockStage.Escalated or ClockStage.Overdue or ClockStage.Running };
            Assert.True(ended || met, $"{n.Kind} about a case filed {@case.FiledOn} ({@case.Fate}) was dropped on {day} though it still mattered.");
        });

        // Every other notification went out in exactly one digest that reached the server.
        var kept = notifications.Where(n => n.DroppedOn is null).ToList();
        Assert.All(kept, n => Assert.True(n.DigestId is { } id && digests[id].SentAt is not null, $"{n.Kind} for a case filed {cases[n.CaseId].FiledOn} was never sent."));
        var sent = digests.Values.Where(d => d.SentAt is not null).ToList();
        Assert.All(digests.Values.Where(d => d.SentAt is null), d => Assert.NotNull(d.DroppedAt));

        // Counted at the server: each sent digest arrived, to its recipient, saying how many things it gathered;
        // nothing else arrived; only the digest whose "250" the dead node never recorded arrived twice, under one Message-ID.
        var byId = mail.GroupBy(m => m.MessageId).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(sent.Select(d => d.MessageId).Order(StringComparer.Ordinal), byId.Keys.Order(StringComparer.Ordinal));
        Assert.Single(byId, pair => pair.Value.Count == 2);
        Assert.All(byId, pair => Assert.InRange(pair.Value.Count, 1, 2));
        Assert.All(sent, d =>
        {
            var count = kept.Count(n => n.DigestId == d.Id);
            Assert.All(byId[d.MessageId], m =>
            {
                Assert.Equal(emails[d.StaffMemberId], m.To);
                Assert.Equal(count, Things(m.Raw));
            });
        });

        // At most one digest an hour per recipient, however many nodes and retries.
        Assert.All(sent.GroupBy(d => d.StaffMemberId), perRecipient =>
        {
            var times = perRecipient.Select(d => d.CreatedAt).Order().ToList();
            Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromHours(1), $"digests made {pair.First:u} and {pair.Second:u}"));
        });
        Assert.All(_handlers, h => Assert.Contains(mail, m => m.To == h.Email));
        output.WriteLine($"{notifications.Count} notifications ({notifications.Count(n => n.DroppedOn is not null)} dropped), {sent.Count} digests sent, {mail.Count} emails at the server.");
        return (notifications.Count, sent.Count, mail.Count);
    }

    /// <summary>How many things a digest says need attention.</summary>
    private static int Things(string raw)
    {
        var match = ThingsCount().Match(raw);
        Assert.True(match.Success, raw);
        return match.Groups[1].Value == "One" ? 1 : int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"\b(One|\d+) things? needs? your attention")]
    private static partial Regex ThingsCount();

    /// <summary>A case and what the test did to it, dated: its clock facts on any day are derived from these alone.</summary>
    private sealed record PlannedCase(Guid Id, int Group, DateOnly FiledOn, Fate Fate, StaffMember[] Handlers)
    {
        public DateOnly? AcknowledgedOn { get; set; }

        public DateOnly? ClosedOn { get; set; }

        public DateOnly? WithdrawnOn { get; set; }

        /// <summary>The day the reporter said (answering a check-in) they were treated badly: the welfare clocks start.</summary>
        public DateOnly? WelfareNeededSince { get; set; }

        public CaseClockFacts FactsOn(DateOnly day) => new()
        {
            SubmittedOn = FiledOn,
            AcknowledgedOn = AcknowledgedOn <= day ? AcknowledgedOn : null,
            ClosedOn = ClosedOn <= day ? ClosedOn : null,
            Withdrawn = WithdrawnOn <= day,
            WelfareNeededSince = WelfareNeededSince <= day ? WelfareNeededSince : null,
        };
    }

    /// <summary>One workflow process, reaching PostgreSQL through a cable the test can cut, named in pg_stat_activity.</summary>
    private sealed class Node : IAsyncDisposable
    {
        private readonly NetworkCable _cable;
        private readonly WebApplicationFactory<workflow::Program> _app;
        private Task? _stopping;

        public Node(string name, string database, int smtpPort, TimeProvider clock)
        {
            Name = name;
            _cable = new NetworkCable(new NpgsqlConnectionStringBuilder(database).Port);
            var throughCable = new NpgsqlConnectionStringBuilder(database) { Port = _cable.Port, ApplicationName = name }.ConnectionString;
            Host = new WorkflowHost(throughCable, smtpPort, clock, Poll);
            // Every SQL statement logged by two busy nodes costs more than the year itself.
            _app = Host.WithWebHostBuilder(builder => builder.UseSetting("Logging:LogLevel:Default", "Warning"));
        }

        public string Name { get; }

        public WorkflowHost Host { get; }

        public bool Dead { get; private set; }

        public TimeSpan Stopped { get; private set; }

        private async Task StopAsync()
        {
            var watch = Stopwatch.StartNew();
            await _app.DisposeAsync();
            await Host.DisposeAsync();
            Stopped = watch.Elapsed;
        }

        /// <summary>Builds and starts the host, and with it the scheduler.</summary>
        public void Start() => _ = _app.Services;

        public void Kill()
        {
            Dead = true;
            _cable.Cut();
        }

        /// <summary>Stops the node firing jobs (one it is running goes on to its end).</summary>
        public async Task StandbyAsync() => await (await SchedulerAsync()).Standby();

        public async Task ResumeAsync() => await (await SchedulerAsync()).Start();

        private ValueTask<IScheduler> SchedulerAsync() => _app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        public async Task<HttpStatusCode> HealthAsync()
        {
            using var client = _app.CreateClient();
            return (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode;
        }

        /// <summary>A dead node's shutdown cannot reach its database and takes a while to give up: not on the test's time.</summary>
        public void StopInBackground() => _stopping ??= StopAsync();

        public async ValueTask DisposeAsync()
        {
            StopInBackground();
            await Task.WhenAny(_stopping!, Task.Delay(TimeSpan.FromSeconds(30)));
            _cable.Dispose();
        }
    }
}
