using System.Globalization;
using System.Text.Json;

namespace ReportPortal.StaffFace.HrEvents;

/// <summary>The kinds of HR event the watch takes (DESIGN §5, HR watch): fixed strings, as sent by HR systems.</summary>
public static class HrEventTypes
{
    public const string PostingOrShiftChange = "posting-or-shift-change";
    public const string AppraisalRating = "appraisal-rating";
    public const string PromotionDecision = "promotion-decision";
    public const string DisciplinaryAction = "disciplinary-action";
    public const string VettingReview = "vetting-review";
    public const string LeaveOrOvertimeRefused = "leave-or-overtime-refused";
    public const string SicknessManagement = "sickness-management";

    public static readonly IReadOnlyList<string> All =
        [PostingOrShiftChange, AppraisalRating, PromotionDecision, DisciplinaryAction, VettingReview, LeaveOrOvertimeRefused, SicknessManagement];
}

/// <summary>One HR event that passed every check, in memory only: nothing of it is stored unless it matches.</summary>
public sealed record HrEvent(int Index, string IdempotencyKey, string StaffNumber, string Type, DateOnly OccurredOn);

/// <summary>What is wrong with one field of one event. Never echoes a staff number back.</summary>
public sealed record HrEventProblem(int Index, string? IdempotencyKey, string Field, string Reason);

/// <summary>A batch as read: its events, or why it cannot be taken (the whole of it, or event by event).</summary>
public sealed record HrEventBatchReading(IReadOnlyList<HrEvent> Events, IReadOnlyList<HrEventProblem> Problems, string? Unreadable, int Count)
{
    public bool TooMany => Count > HrEventBatch.MaxEvents;
}

/// <summary>
/// Reads and checks a batch of HR events before anything is applied: every event is checked, and every problem
/// is named by event index and field, so a sender can fix a whole batch in one go. The batch is applied only
/// if nothing is wrong with any event.
/// </summary>
public static class HrEventBatch
{
    public const int MaxBytes = 256 * 1024;
    public const int MaxEvents = 500;
    public const int MaxIdempotencyKeyLength = 128;
    public const int MaxStaffNumberLength = 32;

    /// <summary>HR systems may report decisions that take effect later, but not years ahead (a mistyped year).</summary>
    public const int MaxDaysAhead = 366;

    public static readonly DateOnly Earliest = new(2000, 1, 1);

    public static class Fields
    {
        public const string Events = "events";
        public const string IdempotencyKey = "idempotencyKey";
        public const string ForceCode = "forceCode";
        public const string StaffNumber = "staffNumber";
        public const string Type = "type";
        public const string OccurredOn = "occurredOn";

        public static readonly IReadOnlyList<string> OfEvent = [IdempotencyKey, ForceCode, StaffNumber, Type, OccurredOn];
    }

    public static HrEventBatchReading Read(ReadOnlyMemory<byte> body, string forceCode, DateOnly today)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException)
        {
            return Unreadable("The body is not valid JSON.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Unreadable("The body must be a JSON object with an \"events\" array.");
            }

            var unknown = root.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => n != Fields.Events);
            if (unknown is not null)
            {
                return Unreadable($"\"{Truncate(unknown)}\" is not a field of a batch: the only field is \"events\".");
            }

            if (!root.TryGetProperty(Fields.Events, out var events) || events.ValueKind != JsonValueKind.Array)
            {
                return Unreadable("The body must have an \"events\" array.");
            }

            var count = events.GetArrayLength();
            if (count == 0)
            {
                return Unreadable("The \"events\" array is empty.");
            }

            if (count > MaxEvents)
            {
                return new HrEventBatchReading([], [], null, count);
            }

            var taken = new List<HrEvent>(count);
            var problems = new List<HrEventProblem>();
            var byKey = new Dictionary<string, HrEvent>(StringComparer.Ordinal);
            var index = 0;
            foreach (var element in events.EnumerateArray())
            {
                var read = ReadEvent(element, index, forceCode, today, problems);
                if (read is not null)
                {
                    if (byKey.TryGetValue(read.IdempotencyKey, out var earlier) && !SameEvent(earlier, read))
                    {
                        problems.Add(new(index, read.IdempotencyKey, Fields.IdempotencyKey,
                            $"Event {earlier.Index} of this batch has the same idempotency key but is a different event. Each event needs its own key."));
                    }
                    else
                    {
                        byKey.TryAdd(read.IdempotencyKey, read);
                        taken.Add(read);
                    }
                }

                index++;
            }

            return new HrEventBatchReading(problems.Count == 0 ? taken : [], problems, null, count);
        }
    }

    private static HrEventBatchReading Unreadable(string reason) => new([], [], reason, 0);

    private static bool SameEvent(HrEvent a, HrEvent b) =>
        a.StaffNumber == b.StaffNumber && a.Type == b.Type && a.OccurredOn == b.OccurredOn;

    private static HrEvent? ReadEvent(JsonElement element, int index, string forceCode, DateOnly today, List<HrEventProblem> problems)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new(index, null, string.Empty, "Each event must be a JSON object."));
            return null;
        }

        var before = problems.Count;
        var key = String(element, Fields.IdempotencyKey);
        key = key?.Trim();
        var keyOk = key is { Length: > 0 and <= MaxIdempotencyKeyLength } && key.All(c => c is >= '!' and <= '~');
        var reportedKey = keyOk ? key : null;
        void Problem(string field, string reason) => problems.Add(new(index, reportedKey, field, reason));

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!Fields.OfEvent.Contains(property.Name))
            {
                Problem(Truncate(property.Name), $"This is not a field of an HR event. The fields are {string.Join(", ", Fields.OfEvent)}.");
            }
            else if (!seen.Add(property.Name))
            {
                Problem(property.Name, "This field appears twice.");
            }
        }

        if (!keyOk)
        {
            Problem(Fields.IdempotencyKey, $"Give a key of 1 to {MaxIdempotencyKeyLength} visible ASCII characters (no spaces), unique to this event, for example a UUID. A replay with the same key is recognised and not applied twice.");
        }

        var force = String(element, Fields.ForceCode)?.Trim();
        if (force is null || !string.Equals(force, forceCode, StringComparison.OrdinalIgnoreCase))
        {
            Problem(Fields.ForceCode, $"Give the force code \"{forceCode}\": this key sends events about that force's staff only.");
        }

        var staffNumber = String(element, Fields.StaffNumber)?.Trim();
        if (staffNumber is not { Length: > 0 and <= MaxStaffNumberLength } || !staffNumber.Any(char.IsLetterOrDigit) || staffNumber.Any(char.IsControl))
        {
            Problem(Fields.StaffNumber, $"Give the person's staff or collar number as a string of 1 to {MaxStaffNumberLength} characters, for example \"PC 1234\".");
        }

        var type = String(element, Fields.Type)?.Trim();
        if (type is null || !HrEventTypes.All.Contains(type))
        {
            Problem(Fields.Type, $"Give one of these types: {string.Join(", ", HrEventTypes.All)}.");
        }

        var latest = today.AddDays(MaxDaysAhead);
        var occurred = String(element, Fields.OccurredOn)?.Trim();
        if (!DateOnly.TryParseExact(occurred, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var occurredOn))
        {
            Problem(Fields.OccurredOn, "Give the day of the event as a date in the form yyyy-mm-dd, for example 2026-11-20.");
        }
        else if (occurredOn < Earliest || occurredOn > latest)
        {
            Problem(Fields.OccurredOn, $"Give a day from {Earliest:yyyy-MM-dd} to {latest:yyyy-MM-dd}.");
        }

        return problems.Count == before ? new HrEvent(index, key!, staffNumber!, type!, occurredOn) : null;
    }

    /// <summary>The property's value if it is a JSON string; null if missing or of another kind (both are reported as missing).</summary>
    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Unknown field names are echoed back, but never at length (they could carry anything).</summary>
    private static string Truncate(string name) => name.Length <= 40 ? name : name[..40] + "…";
}
