extern alias staff;

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Notifications;
using ReportPortal.Core.Staff;
using ReportPortal.Tests.Infrastructure;
using ReportPortal.Tests.Safety;
using ReportPortal.Tests.TestHost;
using StaffRoles = staff::ReportPortal.StaffFace.Staff.StaffRoles;

namespace ReportPortal.Tests.HrEvents;

/// <summary>
/// The HR events API (docs/hr-events.md) through HTTP on the staff face, on real PostgreSQL: keys made and
/// revoked by an administrator on the staff pages, batches matched by blind index against confidential
/// reporters who consented, and every refusal a problem document.
/// </summary>
public sealed class HrEventsApiTests : StaffAppTest
{
    private const string Write = "hr-events:write";
    private const string Validate = "hr-events:validate";

    private StaffMember _admin = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _admin = await App.AddStaffAsync("ada", "9001", intake: false, roles: [StaffRoles.Administrator]);
    }

    private string Today => UkCalendar.Today(App.Clock).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_key_made_by_an_administrator_sends_an_event_that_alerts_the_welfare_lead_and_handler_of_a_consenting_reporter()
    {
        var alice = await App.AddStaffAsync("alice", "4001", intake: true);
        var wendy = await App.AddStaffAsync("wendy", "4002", intake: false, roles: [StaffRoles.WelfareLead]);
        var caseId = await FileConfidentialAsync("CS 4471", consents: true);

        var admin = await Staff.SignInAsync(_admin);
        var made = await admin.SubmitAsync(await admin.GetAsync("/staff/admin/hr-api-keys/new"), "new-hr-api-key",
            ("name", "Payroll and rostering"), ("force", "demo"), ("scopes", Write));
        Assert.Equal(HttpStatusCode.OK, made.Status);
        var key = made.Document.QuerySelector("#api-key")!.TextContent.Trim();
        Assert.StartsWith("rphr_", key, StringComparison.Ordinal);
        var list = await admin.GetAsync("/staff/admin/hr-api-keys");
        Assert.Contains("Payroll and rostering", list.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(key, list.Html, StringComparison.Ordinal);
        Assert.Contains(await AuditActionsAsync(), a => a == "hr-api-key-created");

        var answer = await PostAsync(key, Batch(
            Event("evt-1", "4471", "disciplinary-action", Today),
            Event("evt-2", "DX 1234", "appraisal-rating", Today)));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(2, answer.Json["accepted"]!.GetValue<int>());
        Assert.All(answer.Json["events"]!.AsArray(), e => Assert.Equal("accepted", e!["status"]!.GetValue<string>()));
        // The sender learns nothing about who is a reporter: both events are answered alike.
        Assert.Equal(answer.Json["events"]![0]!["status"]!.ToJsonString(), answer.Json["events"]![1]!["status"]!.ToJsonString());

        var matched = await App.WithDatabaseAsync(db => db.CaseEvents.AsNoTracking().Where(e => e.Kind == CaseEventKind.HrEventMatched).ToListAsync());
        var only = Assert.Single(matched);
        Assert.Equal(caseId, only.CaseId);
        Assert.False(only.VisibleToReporter);
        Assert.Equal(UkCalendar.Today(App.Clock), only.OccurredOn);
        var alerted = await WelfareAlertsAsync();
        Assert.Equal(new[] { alice.Id, wendy.Id }.Order(), alerted.Order());
        Assert.Equal(2, await App.WithDatabaseAsync(db => db.HrEventReplays.CountAsync()));
        Assert.Equal(UkCalendar.Today(App.Clock), await App.WithDatabaseAsync(db => db.HrApiClients.Select(c => c.LastUsedOn).SingleAsync()));

        // The handler sees it on the case's timeline, for staff only.
        var handler = await Staff.SignInAsync(alice);
        var casePage = await handler.GetAsync($"/staff/cases/{caseId}");
        Assert.Contains("HR records show a change for the reporter", casePage.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_about_anyone_who_did_not_consent_or_is_unknown_are_discarded_leaving_no_trace_of_the_number()
    {
        var alice = await App.AddStaffAsync("alice", "4001", intake: true);
        await App.AddStaffAsync("wendy", "4002", intake: false, roles: [StaffRoles.WelfareLead]);
        // A confidential reporter who said no, and an anonymous one: neither is ever matched.
        await FileConfidentialAsync("PQ 7788", consents: false);
        await FileAsync(new ReportFields().Set("identity", "anonymous"));
        Assert.Equal(1, await App.RunIntakeAsync());
        const string Unknown = "ZWK-7Q9X-VRTQ";
        const string IdempotencyKey = "idem-WQZRKXVT-canary";
        var key = await MakeKeyAsync(Write);

        var answer = await PostAsync(key, Batch(
            Event("evt-1", "PQ 7788", "posting-or-shift-change", Today),
            Event(IdempotencyKey, Unknown, "vetting-review", Today)));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(2, answer.Json["accepted"]!.GetValue<int>());
        Assert.Empty(await App.WithDatabaseAsync(db => db.CaseEvents.Where(e => e.Kind == CaseEventKind.HrEventMatched).ToListAsync()));
        Assert.Empty(await WelfareAlertsAsync());
        Assert.DoesNotContain(alice.Id, await WelfareAlertsAsync());

        var server = await PostgresServer.GetAsync();
        var dump = await server.DumpAsync(App.AdminConnectionString);
        Assert.Contains("HrEventReplays", dump, StringComparison.Ordinal);
        foreach (var secret in new[] { Unknown, IdempotencyKey, key })
        {
            foreach (var form in CanaryTests.Encodings(secret))
            {
                Assert.False(dump.Contains(form, StringComparison.OrdinalIgnoreCase), $"The database dump contains '{secret}' (as '{form}')");
                Assert.False(Staff.Logs.Text.Contains(form, StringComparison.OrdinalIgnoreCase), $"The staff face's logs contain '{secret}' (as '{form}')");
                Assert.False(server.ReadServerLog().Contains(form, StringComparison.OrdinalIgnoreCase), $"PostgreSQL's log contains '{secret}' (as '{form}')");
            }
        }
    }

    [Fact]
    public async Task A_replayed_event_is_answered_as_a_duplicate_and_raises_nothing_twice()
    {
        await App.AddStaffAsync("alice", "4001", intake: true);
        var caseId = await FileConfidentialAsync("4471", consents: true);
        var key = await MakeKeyAsync(Write);
        var batch = Batch(Event("evt-1", "4471", "promotion-decision", Today), Event("evt-1", "4471", "promotion-decision", Today));

        var first = await PostAsync(key, batch);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(["accepted", "duplicate"], first.Json["events"]!.AsArray().Select(e => e!["status"]!.GetValue<string>()));
        var second = await PostAsync(key, batch);

        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(0, second.Json["accepted"]!.GetValue<int>());
        Assert.Equal(2, second.Json["duplicates"]!.GetValue<int>());
        Assert.Single(await App.WithDatabaseAsync(db => db.CaseEvents.Where(e => e.CaseId == caseId && e.Kind == CaseEventKind.HrEventMatched).ToListAsync()));
        Assert.Single(await WelfareAlertsAsync());

        // The same key for a different event in one batch is a mistake the sender must hear of.
        var clash = await PostAsync(key, Batch(Event("evt-9", "4471", "promotion-decision", Today), Event("evt-9", "4471", "vetting-review", Today)));
        Assert.Equal(HttpStatusCode.BadRequest, clash.Status);
        Assert.Equal("idempotencyKey", Assert.Single(clash.Json["errors"]!.AsArray())!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_malformed_event_stops_the_whole_batch_and_each_problem_is_named_by_event_and_field()
    {
        await App.AddStaffAsync("alice", "4001", intake: true);
        await FileConfidentialAsync("4471", consents: true);
        var key = await MakeKeyAsync(Write);
        var good = Event("evt-1", "4471", "disciplinary-action", Today);

        var answer = await PostAsync(key, Batch(
            good,
            Event("evt-2", "4471", "sacked", Today),
            new JsonObject { ["idempotencyKey"] = "evt-3", ["forceCode"] = "other-force", ["staffNumber"] = "4471", ["type"] = "vetting-review", ["occurredOn"] = "20/11/2026", ["collar"] = "4471" },
            new JsonObject { ["forceCode"] = "demo", ["staffNumber"] = 4471, ["type"] = "vetting-review", ["occurredOn"] = Today }));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.Equal("urn:reportportal:problem:invalid-events", answer.Json["type"]!.GetValue<string>());
        var errors = answer.Json["errors"]!.AsArray().Select(e => (e!["index"]!.GetValue<int>(), e["field"]!.GetValue<string>())).ToList();
        Assert.Equal([(1, "type"), (2, "collar"), (2, "forceCode"), (2, "occurredOn"), (3, "idempotencyKey"), (3, "staffNumber")], errors.Order());
        Assert.DoesNotContain("4471", answer.Text, StringComparison.Ordinal);
        Assert.Empty(await App.WithDatabaseAsync(db => db.CaseEvents.Where(e => e.Kind == CaseEventKind.HrEventMatched).ToListAsync()));
        Assert.Equal(0, await App.WithDatabaseAsync(db => db.HrEventReplays.CountAsync()));
        Assert.Empty(await WelfareAlertsAsync());

        // Nothing of it was kept: the good event, sent again alone, is new.
        var again = await PostAsync(key, Batch(good));
        Assert.Equal("accepted", again.Json["events"]![0]!["status"]!.GetValue<string>());
        Assert.Single(await WelfareAlertsAsync());
    }

    [Fact]
    public async Task Oversized_unreadable_and_non_json_batches_are_refused_with_problem_documents()
    {
        var key = await MakeKeyAsync(Write);

        var tooMany = await PostAsync(key, Batch([.. Enumerable.Range(0, 501).Select(i => Event($"evt-{i}", "1", "appraisal-rating", Today))]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooMany.Status);
        Assert.Equal("urn:reportportal:problem:too-many-events", tooMany.Json["type"]!.GetValue<string>());

        var huge = new JsonObject { ["events"] = new JsonArray(Event("evt-1", new string('1', 300_000), "appraisal-rating", Today)) };
        var tooLarge = await PostAsync(key, huge.ToJsonString());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.Status);
        Assert.Equal("urn:reportportal:problem:batch-too-large", tooLarge.Json["type"]!.GetValue<string>());

        var broken = await PostAsync(key, "{\"events\": [");
        Assert.Equal(HttpStatusCode.BadRequest, broken.Status);
        Assert.Equal("urn:reportportal:problem:unreadable-batch", broken.Json["type"]!.GetValue<string>());

        var form = await PostAsync(key, "events=1", "application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.Status);
        Assert.Equal("application/problem+json", form.MediaType);
        Assert.Equal(0, await App.WithDatabaseAsync(db => db.HrEventReplays.CountAsync()));
    }

    [Fact]
    public async Task Missing_unknown_revoked_and_wrong_scope_keys_are_refused_with_problem_documents()
    {
        var batch = Batch(Event("evt-1", "4471", "appraisal-rating", Today));
        var writer = await MakeKeyAsync(Write);
        var checker = await MakeKeyAsync(Validate);

        var missing = await PostAsync(null, batch);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.Status);
        Assert.Equal("urn:reportportal:problem:missing-api-key", missing.Json["type"]!.GetValue<string>());
        Assert.Equal("Bearer", missing.Response.Headers.WwwAuthenticate.Single().Scheme);
        var unknown = await PostAsync("rphr_" + new string('A', 43), batch);
        Assert.Equal("urn:reportportal:problem:invalid-api-key", unknown.Json["type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync("not-a-key", batch)).Status);

        var wrongScope = await PostAsync(checker, batch);
        Assert.Equal(HttpStatusCode.Forbidden, wrongScope.Status);
        Assert.Equal("urn:reportportal:problem:insufficient-scope", wrongScope.Json["type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(writer, batch, path: "/api/v1/hr-events/validate")).Status);
        var validated = await PostAsync(checker, batch, path: "/api/v1/hr-events/validate");
        Assert.Equal(HttpStatusCode.OK, validated.Status);
        Assert.True(validated.Json["valid"]!.GetValue<bool>());
        Assert.Equal(0, await App.WithDatabaseAsync(db => db.HrEventReplays.CountAsync()));

        // Revoked on the staff page: refused from then on.
        var writerId = await App.WithDatabaseAsync(db => db.HrApiClients.Where(c => c.Scopes.Contains(Write)).Select(c => c.Id).SingleAsync());
        var admin = await Staff.SignInAsync(_admin);
        var revoked = await admin.SubmitAsync(await admin.GetAsync($"/staff/admin/hr-api-keys/{writerId}"), "revoke");
        Assert.Contains("The key was revoked", revoked.Text, StringComparison.Ordinal);
        var afterRevoke = await PostAsync(writer, batch);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.Status);
        Assert.Equal("urn:reportportal:problem:revoked-api-key", afterRevoke.Json["type"]!.GetValue<string>());
        Assert.Contains(await AuditActionsAsync(), a => a == "hr-api-key-revoked");

        // A staff sign-in is no key, and the framework's own refusals under /api are problem documents too.
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(null, batch, client: admin.Client)).Status);
        using var client = Staff.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var wrongMethod = await client.GetAsync("/api/v1/hr-events");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Equal("application/problem+json", wrongMethod.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_openapi_document_describes_both_addresses_and_nothing_of_the_staff_pages()
    {
        using var client = Staff.CreateClient();
        var response = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.StartsWith("3.1", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        var paths = document["paths"]!.AsObject().Select(p => p.Key).Order().ToList();
        Assert.Equal(["/api/v1/hr-events", "/api/v1/hr-events/validate"], paths);
        Assert.NotNull(document["paths"]!["/api/v1/hr-events"]!["post"]!["requestBody"]);
        Assert.NotNull(document["paths"]!["/api/v1/hr-events"]!["post"]!["responses"]!["413"]);
    }

    private async Task<Guid> FileConfidentialAsync(string staffNumber, bool consents)
    {
        var fields = new ReportFields().Set("identity", "confidential").Set("reporter-name", "A Reporter").Set("reporter-staff-number", staffNumber);
        await FileAsync(consents ? fields.Set("monitoring-consent", "yes") : fields);
        await App.RunIntakeAsync();
        return await App.WithDatabaseAsync(db => db.Cases.Where(c => c.IdentityMode == IdentityMode.Confidential).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync());
    }

    private async Task<string> MakeKeyAsync(string scope)
    {
        var admin = await Staff.SignInAsync(_admin);
        var made = await admin.SubmitAsync(await admin.GetAsync("/staff/admin/hr-api-keys/new"), "new-hr-api-key",
            ("name", "HR feed " + scope), ("force", "demo"), ("scopes", scope));
        return made.Document.QuerySelector("#api-key")!.TextContent.Trim();
    }

    private Task<List<Guid>> WelfareAlertsAsync() =>
        App.WithDatabaseAsync(db => db.Notifications.Where(n => n.Kind == NotificationKind.WelfareAlert).Select(n => n.StaffMemberId).ToListAsync());

    private Task<List<string>> AuditActionsAsync() => App.WithDatabaseAsync(db => db.AuditEntries.Select(e => e.Action).ToListAsync());

    private static JsonObject Event(string idempotencyKey, string staffNumber, string type, string occurredOn) => new()
    {
        ["idempotencyKey"] = idempotencyKey,
        ["forceCode"] = "demo",
        ["staffNumber"] = staffNumber,
        ["type"] = type,
        ["occurredOn"] = occurredOn,
    };

    private static string Batch(params JsonObject[] events) => new JsonObject { ["events"] = new JsonArray([.. events.Select(e => e.DeepClone())]) }.ToJsonString();

    private sealed record ApiAnswer(HttpResponseMessage Response, string Text, JsonNode Json)
    {
        public HttpStatusCode Status => Response.StatusCode;

        public string? MediaType => Response.Content.Headers.ContentType?.MediaType;
    }

    private async Task<ApiAnswer> PostAsync(string? key, string body, string mediaType = "application/json", string path = "/api/v1/hr-events", HttpClient? client = null)
    {
        using var own = client is null ? Staff.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }) : null;
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        var response = await (client ?? own!).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ApiAnswer(response, text, JsonNode.Parse(text)!);
    }
}
