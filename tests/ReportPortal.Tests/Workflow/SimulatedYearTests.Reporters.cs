using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ReportPortal.Core.Cases;
using ReportPortal.Core.CheckIns;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.HrEvents;
using ReportPortal.Core.Notifications;
using ReportPortal.Core.Staff;
using ReportPortal.Core.Welfare;
using ReportPortal.Crypto;
using ReportPortal.ReporterFace.CheckIns;
using ReportPortal.Tests.Infrastructure;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Workflow;

/// <summary>
/// The reporters' side of the simulated year, through the real reporter and staff faces on the same dedicated
/// database and clock: confidential reporters file through the report form, answer a check-in, and read their
/// inbox; an HR system posts batches to the staff face's HR events API. Over the year every retaliation
/// check-in the rules make due appears once, and every HR event about a consenting reporter alerts once.
/// </summary>
public sealed partial class SimulatedYearTests
{
    /// <summary>The first reporter answers their one-month check-in (sent on the filing day before) on this day.</summary>
    private static readonly DateOnly AnswerOn = FilingDays[1].AddDays(5);

    /// <summary>HR batches: the first before the PostgreSQL restart, the second (with replays) after it.</summary>
    private static readonly DateOnly FirstHrBatchOn = FilingDays[2];
    private static readonly DateOnly SecondHrBatchOn = FilingDays[8];

    /// <summary>Never stored or logged: the staff number and idempotency key of an event about nobody.</summary>
    private const string UnknownNumber = "ZQK-7X9W-CANARY";
    private const string UnknownEventKey = "idem-QWZXKV-unknown-canary";

    private readonly List<Reporter> _reporters = [];
    private readonly List<HrAnswer> _hrAnswers = [];
    private readonly List<StaffApp> _staffFaces = [];
    private readonly Stopwatch _facesTime = new();
    private ReporterApp? _reporterFace;
    private StaffMember _intakeHandler = default!;
    private StaffMember _welfareA = default!;
    private StaffMember _welfareB = default!;
    private string _hrKey = default!;
    private DateOnly? _answeredOn;

    private StaffApp StaffFace => _staffFaces[0];

    /// <summary>A confidential reporter filing through the form on the day of a filing group.</summary>
    private sealed record Reporter(string StaffNumber, bool Consents, int Group, bool LeadAssigned)
    {
        public Receipt Receipt { get; set; } = default!;

        public PlannedCase Case { get; set; } = default!;
    }

    /// <summary>One HR event as posted: who it is about, and whether the API must match it.</summary>
    private sealed record HrEvent(string Key, string StaffNumber, string Type, DateOnly OccurredOn, Reporter? Matches);

    private sealed record HrAnswer(DateOnly PostedOn, IReadOnlyList<HrEvent> Events, IReadOnlyList<string> Statuses);

    /// <summary>
    /// The faces on the year's database and clock, an intake handler and two welfare leads with real keys, an HR
    /// key for the force, and the reporters who will file: two who consent to the HR watch (one whose welfare
    /// lead is assigned, so only that lead hears of their HR events) and one who does not.
    /// </summary>
    private async Task StartFacesAsync()
    {
        using var timed = new Timed(_facesTime);
        _reporterFace = await ReporterApp.StartAsync(database: _database, services: s => s.AddSingleton<TimeProvider>(_clock));
        _staffFaces.Add(new StaffApp(_reporterFace) { ExtraServices = s => s.AddSingleton<TimeProvider>(_clock) });
        _intakeHandler = await _reporterFace.AddStaffAsync("intake-handler", "7001", intake: true, forceId: _force.Id);
        _welfareA = await _reporterFace.AddStaffAsync("welfare-a", "7002", intake: false, forceId: _force.Id, roles: ["welfare-lead"]);
        _welfareB = await _reporterFace.AddStaffAsync("welfare-b", "7003", intake: false, forceId: _force.Id, roles: ["welfare-lead"]);

        _hrKey = ApiKeyToken.Generate();
        await using var db = ReporterApp.Database(_database);
        db.HrApiClients.Add(new HrApiClient
        {
            ForceId = _force.Id,
            Name = "Payroll and rostering",
            Scopes = [HrApiScopes.WriteEvents],
            KeyHash = _reporterFace.Settings.Indexes.ApiKey(_hrKey),
            CreatedAt = _clock.GetUtcNow(),
            CreatedByStaffMemberId = _welfareA.Id,
        });
        await db.SaveChangesAsync();

        _reporters.Add(new Reporter("PC 4471", Consents: true, Group: 0, LeadAssigned: false));
        _reporters.Add(new Reporter("5582", Consents: true, Group: 1, LeadAssigned: true));
        _reporters.Add(new Reporter("DC 6693", Consents: false, Group: 0, LeadAssigned: false));
    }

    private async Task StopFacesAsync()
    {
        foreach (var face in _staffFaces)
        {
            await face.DisposeAsync();
        }

        if (_reporterFace is not null)
        {
            await _reporterFace.DisposeAsync();
        }
    }

    /// <summary>After PostgreSQL came back: the faces' pooled connections died with it (the nodes recover by themselves).</summary>
    private void ClearFacePools()
    {
        foreach (var role in new[] { PostgresServer.TestRoles.ReporterRole, PostgresServer.TestRoles.StaffRole })
        {
            NpgsqlConnection.ClearPool(new NpgsqlConnection(PostgresServer.AsRole(_database, role)));
        }
    }

    /// <summary>What reporters and the HR system do on the day, before the case desk acts (so a filed case can be acknowledged at once).</summary>
    private async Task ReportersActAsync(DateOnly day)
    {
        using var timed = new Timed(_facesTime);
        if (Array.IndexOf(FilingDays, day) is var group and >= 0)
        {
            foreach (var reporter in _reporters.Where(r => r.Group == group))
            {
                await FileAsync(reporter, day);
            }
        }

        if (day == AnswerOn)
        {
            await AnswerFirstCheckInAsync(_reporters[0], day);
        }

        if (day == FirstHrBatchOn)
        {
            await PostHrBatchAsync(day, [
                new("evt-1", "4471", "disciplinary-action", day, _reporters[0]),
                new("evt-2", "05582", "posting-or-shift-change", day, _reporters[1]),
                new("evt-3", "DC 6693", "appraisal-rating", day, null),
                new(UnknownEventKey, UnknownNumber, "vetting-review", day, null),
                new("evt-5", "5582", "promotion-decision", _reporters[1].Case.FiledOn.AddDays(-3), null),
            ]);
        }

        if (day == SecondHrBatchOn)
        {
            // The first batch again, whole (every event a duplicate), then a batch of new events with one replay.
            await PostHrBatchAsync(day, _hrAnswers[0].Events);
            await PostHrBatchAsync(day, [
                new("evt-1", "4471", "disciplinary-action", FirstHrBatchOn, _reporters[0]),
                new("evt-6", "5582", "leave-or-overtime-refused", day, _reporters[1]),
                new("evt-7", "pc4471", "sickness-management", day.AddDays(-2), _reporters[0]),
            ]);
        }
    }

    /// <summary>Files a confidential report through the form, and runs intake on it as the staff face would.</summary>
    private async Task FileAsync(Reporter reporter, DateOnly day)
    {
        var before = await CaseIdsAsync();
        var fields = new ReportFields().Set("force", _force.Code).Set("identity", "confidential")
            .Set("reporter-name", "A Reporter").Set("reporter-staff-number", reporter.StaffNumber);
        var (receipt, _, _) = await ReportJourney.FileAsync(new PageSession(_reporterFace!.CreateClient()), reporter.Consents ? fields.Set("monitoring-consent", "yes") : fields);
        _reporterFace.Clock.Set(_clock.GetUtcNow());
        Assert.Equal(1, await _reporterFace.RunIntakeAsync());
        var id = Assert.Single((await CaseIdsAsync()).Except(before));

        reporter.Receipt = receipt;
        reporter.Case = new PlannedCase(id, reporter.Group, day, Fate.AcknowledgedAtOnce, [_intakeHandler]);
        _cases.Add(reporter.Case);
        await using var db = ReporterApp.Database(_database);
        var filed = await db.Cases.AsNoTracking().SingleAsync(c => c.Id == id);
        Assert.Equal(day, filed.SubmittedOn);
        Assert.Equal(reporter.Consents, filed.ReporterStaffNumberIndex is not null);
        if (reporter.LeadAssigned)
        {
            db.WelfareSupports.Add(new WelfareSupport { CaseId = id, LeadStaffMemberId = _welfareB.Id, AssignedOn = day });
            await db.SaveChangesAsync();
        }
    }

    private async Task<List<Guid>> CaseIdsAsync()
    {
        await using var db = ReporterApp.Database(_database);
        return await db.Cases.Select(c => c.Id).ToListAsync();
    }

    /// <summary>Signs in with the receipt, as the reporter does at /status, and returns the inbox.</summary>
    private async Task<(PageSession Browser, LoadedPage Inbox)> InboxAsync(Reporter reporter)
    {
        var browser = new PageSession(_reporterFace!.CreateClient());
        var inbox = await browser.SubmitAsync(await browser.GetAsync("/status"), "status", ("receipt", reporter.Receipt.Display));
        Assert.Equal(HttpStatusCode.OK, inbox.Status);
        return (browser, inbox);
    }

    /// <summary>"I am being treated badly because I reported", through the reporter's inbox.</summary>
    private async Task AnswerFirstCheckInAsync(Reporter reporter, DateOnly day)
    {
        var (browser, inbox) = await InboxAsync(reporter);
        var checkIn = Assert.Single(inbox.Document.QuerySelectorAll(".rp-check-in"));
        Assert.Equal(StoredNames.CheckInTemplate[CheckInTemplate.OneMonth], checkIn.GetAttribute("data-template"));
        var page = await browser.GetAsync(checkIn.QuerySelector("a")!.GetAttribute("href")!);
        var answered = await browser.SubmitAsync(page, "check-in", ("choice", "treated-badly"), ("details", "Moved to nights the week after I reported."));
        Assert.Contains("Your answer has been sent to welfare support.", answered.Text, StringComparison.Ordinal);

        await using var db = ReporterApp.Database(_database);
        var @case = await db.Cases.AsNoTracking().SingleAsync(c => c.Id == reporter.Case.Id);
        Assert.Equal(day, @case.DetrimentReportedOn);
        Assert.Equal(day, @case.WelfareNeededSince);
        reporter.Case.WelfareNeededSince = day;
        _answeredOn = day;
    }

    private async Task PostHrBatchAsync(DateOnly day, IReadOnlyList<HrEvent> events)
    {
        var batch = new JsonObject
        {
            ["events"] = new JsonArray([.. events.Select(e => (JsonNode)new JsonObject
            {
                ["idempotencyKey"] = e.Key,
                ["forceCode"] = _force.Code,
                ["staffNumber"] = e.StaffNumber,
                ["type"] = e.Type,
                ["occurredOn"] = e.OccurredOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            })]),
        };
        using var client = StaffFace.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/hr-events") { Content = new StringContent(batch.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _hrKey);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"The HR batch of {day} was answered {response.StatusCode}: {text}");
        using var answer = JsonDocument.Parse(text);
        var statuses = answer.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("status").GetString()!).ToList();
        Assert.Equal(events.Count, statuses.Count);
        _hrAnswers.Add(new HrAnswer(day, events, statuses));
    }

    /// <summary>
    /// The year's days with its check-in days added: each check-in day of every filing group, unless the year
    /// visits a day within <see cref="CatchUpDays"/> after it anyway. Those are sent late, as after a pause of
    /// the workflow: one on the day PostgreSQL restarts, the twelve-month one on the last day.
    /// </summary>
    private static SortedSet<DateOnly> CheckInVisits(IEnumerable<DateOnly> visited)
    {
        var days = new SortedSet<DateOnly>(visited);
        foreach (var due in FilingDays.SelectMany(ClockRules.CheckIns).Where(d => d <= days.Max).Order())
        {
            if (days.GetViewBetween(due, due.AddDays(CatchUpDays)).Count == 0)
            {
                days.Add(due);
            }
        }

        return days;
    }

    /// <summary>Short, so that no closed case's access ends between a check-in day and the day the year catches up with it.</summary>
    private const int CatchUpDays = 4;

    /// <summary>How late the workflow may still send a check-in it missed (its documented rule, restated here).</summary>
    private const int CheckInLateMonths = 1;

    /// <summary>
    /// The check-ins a case must have, from the pure rules and the days the workflow ran: on each day, the latest
    /// check-in day (ClockRules.CheckIns) that has come and is at most a month past, unless the report was
    /// withdrawn or the reporter's access has ended (ClockRules.ReporterAccessOpen) by then; each once, on the
    /// first day it was the one to send.
    /// </summary>
    private List<(DateOnly DueOn, CheckInTemplate Template, DateOnly SentOn)> ExpectedCheckIns(PlannedCase @case)
    {
        var dues = ClockRules.CheckInMonths.Zip(ClockRules.CheckIns(@case.FiledOn), (months, due) => (Due: due, Template: CheckInRules.TemplateFor(months))).ToList();
        var expected = new List<(DateOnly DueOn, CheckInTemplate Template, DateOnly SentOn)>();
        foreach (var day in _visited.Where(d => d >= @case.FiledOn))
        {
            var facts = @case.FactsOn(day);
            if (facts.Withdrawn || !ClockRules.ReporterAccessOpen(facts.ClosedOn, _force.Clocks, day))
            {
                continue;
            }

            var due = dues.LastOrDefault(d => d.Due <= day && d.Due.AddMonths(CheckInLateMonths) >= day);
            if (due.Due != default && !expected.Any(e => e.DueOn >= due.Due))
            {
                expected.Add((due.Due, due.Template, day));
            }
        }

        return expected;
    }

    private async Task<(int Made, int Late, int AfterClosure)> AssertCheckInsFollowTheRulesAsync()
    {
        await using var db = ReporterApp.Database(_database);
        var rows = await db.CheckIns.AsNoTracking().ToListAsync();
        var cases = _cases.ToDictionary(c => c.Id);
        Assert.All(rows, r => Assert.True(cases.ContainsKey(r.CaseId)));

        // Exactly the rule's check-ins for every case, each once, on the first day the workflow could send it.
        foreach (var @case in _cases)
        {
            var actual = rows.Where(r => r.CaseId == @case.Id).Select(r => (r.DueOn, r.Template, r.SentOn)).Order().ToList();
            Assert.Equal(ExpectedCheckIns(@case), actual);
        }

        // Every check-in day of the year came to every case the reporter could still open and had not withdrawn
        // (on the day and on the day the workflow first ran after it).
        bool Open(PlannedCase @case, DateOnly day) => @case.FactsOn(day) is var facts && !facts.Withdrawn && ClockRules.ReporterAccessOpen(facts.ClosedOn, _force.Clocks, day);
        foreach (var @case in _cases)
        {
            foreach (var due in ClockRules.CheckIns(@case.FiledOn).Where(d => d <= _visited.Max))
            {
                var open = Open(@case, due) && Open(@case, _visited.First(d => d >= due));
                Assert.True(open == rows.Any(r => r.CaseId == @case.Id && r.DueOn == due),
                    $"The check-in due {due} for a case filed {@case.FiledOn} ({@case.Fate}, closed {@case.ClosedOn}) was {(open ? "never sent" : "sent though it should not be")}.");
            }
        }

        // Never before its day, never twice, never for a withdrawn report or once the reporter's access had ended.
        Assert.All(rows, r => Assert.True(r.SentOn >= r.DueOn && r.SentOn <= r.DueOn.AddMonths(CheckInLateMonths)));
        Assert.Equal(rows.Count, rows.DistinctBy(r => (r.CaseId, r.DueOn)).Count());
        Assert.DoesNotContain(rows, r => cases[r.CaseId].Fate == Fate.Withdrawn);
        Assert.All(rows, r => Assert.True(ClockRules.ReporterAccessOpen(cases[r.CaseId].FactsOn(r.SentOn).ClosedOn, _force.Clocks, r.SentOn)));

        // The year went through every path: after closure, a case whose access ended before its next check-in,
        // sent late (the day PostgreSQL restarted among them), and every template including the year's.
        var afterClosure = rows.Count(r => cases[r.CaseId].ClosedOn < r.SentOn);
        Assert.True(afterClosure > 0);
        Assert.Contains(_cases, c => c.Fate == Fate.Closed && rows.Any(r => r.CaseId == c.Id) && !rows.Any(r => r.CaseId == c.Id && r.Template == CheckInTemplate.ThreeMonths));
        Assert.Contains(rows, r => r.SentOn == PostgresRestartOn);
        Assert.Contains(rows, r => r.SentOn > NodeDiesOn);
        Assert.Equal(Enum.GetValues<CheckInTemplate>().Order(), rows.Select(r => r.Template).Distinct().Order());
        return (rows.Count, rows.Count(r => r.SentOn > r.DueOn), afterClosure);
    }

    /// <summary>Each reporter's inbox lists each of their check-ins once, the answered one with its answer.</summary>
    private async Task AssertInboxesShowEachCheckInOnceAsync()
    {
        using var timed = new Timed(_facesTime);
        await using var db = ReporterApp.Database(_database);
        foreach (var reporter in _reporters)
        {
            var rows = await db.CheckIns.AsNoTracking().Where(c => c.CaseId == reporter.Case.Id).ToListAsync();
            Assert.True(rows.Count >= 3, $"{rows.Count} check-ins for a case filed {reporter.Case.FiledOn}");
            var (_, inbox) = await InboxAsync(reporter);
            var shown = inbox.Document.QuerySelectorAll(".rp-check-in").ToList();
            Assert.Equal(rows.Select(r => StoredNames.CheckInTemplate[r.Template]).Order(), shown.Select(s => s.GetAttribute("data-template")!).Order());
            Assert.All(rows, r => Assert.Single(shown, s => s.TextContent.Contains(CheckInTexts.Question(r.Template), StringComparison.Ordinal)));
            Assert.Equal(rows.Count(r => r.AnsweredOn is not null), shown.Count(s => s.TextContent.Contains("You answered on", StringComparison.Ordinal)));
        }

        Assert.Contains("I am being treated badly because I reported", (await InboxAsync(_reporters[0])).Inbox.Text, StringComparison.Ordinal);
    }

    /// <summary>
    /// Welfare alerts: the check-in answer's to the welfare leads holding the case's welfare key and its handler,
    /// each reaching them in exactly one digest counted at the server; each new HR event about a consenting
    /// reporter alerts once (per batch and case) the case's welfare lead if assigned, else the force's, and the
    /// handler; replays are answered as duplicates and raise nothing; nothing of the other events is kept.
    /// </summary>
    private async Task<(int Events, int Matched, int Duplicates, int Alerts)> AssertWelfareAlertsAsync()
    {
        await using var db = ReporterApp.Database(_database);
        var alerts = await db.Notifications.AsNoTracking().Where(n => n.Kind == NotificationKind.WelfareAlert).ToListAsync();
        var digests = await db.NotificationDigests.AsNoTracking().ToDictionaryAsync(d => d.Id);
        var mail = _smtp.Messages();
        var everyone = await db.StaffMembers.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Email);

        // The answer's alert, raised once on the day, went out once to each.
        var answered = _reporters[0].Case;
        Assert.Equal(AnswerOn, _answeredOn);
        var fromAnswer = alerts.Where(n => n.CaseId == answered.Id && n.CreatedOn == AnswerOn).ToList();
        Assert.Equal(new[] { _intakeHandler.Id, _welfareA.Id, _welfareB.Id }.Order(), fromAnswer.Select(n => n.StaffMemberId).Order());
        Assert.All(fromAnswer, n =>
        {
            var digest = digests[Assert.IsType<Guid>(n.DigestId)];
            Assert.Equal(n.StaffMemberId, digest.StaffMemberId);
            Assert.NotNull(digest.SentAt);
            Assert.Single(mail, m => m.MessageId == digest.MessageId && m.To == everyone[n.StaffMemberId]);
        });

        // What the API answered: every new event accepted alike (the sender never learns who matched), every replay a duplicate.
        var seen = new HashSet<string>();
        foreach (var answer in _hrAnswers)
        {
            Assert.Equal(answer.Events.Select(e => seen.Add(e.Key) ? "accepted" : "duplicate"), answer.Statuses);
        }

        // The alerts the HR events raised: one per batch and matched case, to exactly the right people, on the day posted.
        var expected = _hrAnswers.SelectMany(a => a.Events.Zip(a.Statuses)
                .Where(p => p.Second == "accepted" && p.First.Matches is not null && p.First.OccurredOn >= p.First.Matches.Case.FiledOn)
                .Select(p => p.First.Matches!).Distinct()
                .SelectMany(r => (r.LeadAssigned ? new[] { _welfareB.Id } : [_welfareA.Id, _welfareB.Id]).Append(_intakeHandler.Id).Select(s => (r.Case.Id, s, a.PostedOn))))
            .Order().ToList();
        var fromHr = alerts.Except(fromAnswer).Select(n => (n.CaseId, n.StaffMemberId, n.CreatedOn)).Order().ToList();
        Assert.Equal(expected, fromHr);
        Assert.Contains(fromHr, a => a.CreatedOn == SecondHrBatchOn);

        // Staff-only case events, one per matched event, dated as it; a replay tag per distinct event and nothing else.
        var matchedEvents = _hrAnswers.SelectMany(a => a.Events.Zip(a.Statuses).Where(p => p.Second == "accepted" && p.First.Matches is not null).Select(p => p.First)).ToList();
        var caseEvents = await db.CaseEvents.AsNoTracking().Where(e => e.Kind == CaseEventKind.HrEventMatched).ToListAsync();
        Assert.Equal(matchedEvents.Select(e => (e.Matches!.Case.Id, e.OccurredOn)).Order(), caseEvents.Select(e => (e.CaseId, e.OccurredOn)).Order());
        Assert.All(caseEvents, e => Assert.False(e.VisibleToReporter));
        Assert.Equal(seen.Count, await db.HrEventReplays.CountAsync());

        // The event about nobody left no trace: not in the database, its log or the staff face's logs.
        using var timed = new Timed(_facesTime);
        var dump = await _server.DumpAsync(_database);
        var serverLog = _server.ReadServerLog();
        Assert.Contains("HrEventReplays", dump, StringComparison.Ordinal);
        foreach (var secret in new[] { UnknownNumber, UnknownEventKey, _hrKey })
        {
            Assert.DoesNotContain(secret, dump, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(secret, StaffFace.Logs.Text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(secret, serverLog, StringComparison.OrdinalIgnoreCase);
        }

        return (seen.Count, matchedEvents.Count, _hrAnswers.Sum(a => a.Statuses.Count(s => s == "duplicate")), alerts.Count);
    }

    /// <summary>Adds the time until disposed to a stopwatch.</summary>
    private readonly struct Timed : IDisposable
    {
        private readonly Stopwatch _watch;

        public Timed(Stopwatch watch)
        {
            _watch = watch;
            watch.Start();
        }

        public void Dispose() => _watch.Stop();
    }
}
