using ReportPortal.Core.Cases;
using ReportPortal.Core.Database;

namespace ReportPortal.Core.Welfare;

/// <summary>
/// Who looks after a reporter's welfare, from the first assignment on: one row per case. Only dates and a
/// staff id; what was said lives sealed under the welfare key in <see cref="WelfareLogEntry"/> and
/// <see cref="WelfareMessage"/>. Several welfare leads can act on it, so it carries its own version.
/// </summary>
public sealed class WelfareSupport
{
    public Guid CaseId { get; set; }

    /// <summary>The welfare lead looking after the reporter now; always a holder of a welfare grant of the case.</summary>
    public Guid? LeadStaffMemberId { get; set; }

    public DateOnly? AssignedOn { get; set; }

    public DateOnly? FirstContactOn { get; set; }

    /// <summary>Set when support was ended; a new request from the reporter puts the case back in the queue.</summary>
    public DateOnly? EndedOn { get; set; }

    public int Version { get; set; }
}

/// <summary>What a welfare log entry records.</summary>
public enum WelfareLogKind
{
    /// <summary>A contact with the reporter (call, meeting, message outside the service).</summary>
    Contact = 20,

    /// <summary>Something agreed with the reporter (a referral, an adjustment, a follow-up).</summary>
    AgreedAction = 21,

    /// <summary>Support was assigned or reassigned (no text).</summary>
    Assigned = 22,

    /// <summary>Support was ended, with the reason sealed.</summary>
    Ended = 23,
}

/// <summary>One line of the welfare contact log; its text is sealed under the welfare key (field welfare.log).</summary>
public sealed class WelfareLogEntry
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid CaseId { get; set; }

    /// <summary>Order within the case, from the case's message counter (<see cref="CaseSequence"/>): never highest-plus-one.</summary>
    public int Sequence { get; set; }

    public WelfareLogKind Kind { get; set; }

    public Guid StaffMemberId { get; set; }

    /// <summary>The member the entry is about (the new lead of an assignment), when there is one.</summary>
    public Guid? AboutStaffMemberId { get; set; }

    public DateOnly WrittenOn { get; set; }

    public byte[]? SealedBody { get; set; }
}

/// <summary>Why the reporter wrote to welfare support from their inbox.</summary>
public enum WelfareRequest
{
    SupportRequested = 20,
    DetrimentReported = 21,
}

/// <summary>
/// A message of the welfare thread, between the reporter and welfare support: sealed under the welfare key
/// (field welfare.message), so handlers, who hold the case key only, cannot read it.
/// </summary>
public sealed class WelfareMessage
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid CaseId { get; set; }

    /// <summary>From the case's message counter, so the thread interleaves with nothing and needs no counter of its own.</summary>
    public int Sequence { get; set; }

    /// <summary><see cref="MessageAuthor.Reporter"/> or <see cref="MessageAuthor.Welfare"/>.</summary>
    public MessageAuthor Author { get; set; }

    public Guid? StaffMemberId { get; set; }

    /// <summary>Set when the reporter pressed "I need support" or "I am being treated badly" (the note is the body).</summary>
    public WelfareRequest? Request { get; set; }

    public DateOnly SentOn { get; set; }

    public required byte[] SealedBody { get; set; }
}

public static class WelfareNames
{
    public static readonly FixedNames<WelfareLogKind> LogKind = new(new Dictionary<WelfareLogKind, string>
    {
        [WelfareLogKind.Contact] = "contact",
        [WelfareLogKind.AgreedAction] = "agreed-action",
        [WelfareLogKind.Assigned] = "assigned",
        [WelfareLogKind.Ended] = "ended",
    });

    public static readonly FixedNames<WelfareRequest> Request = new(new Dictionary<WelfareRequest, string>
    {
        [WelfareRequest.SupportRequested] = "support-requested",
        [WelfareRequest.DetrimentReported] = "detriment-reported",
    });
}

/// <summary>Sealing of welfare records under the welfare key: never the case key (DESIGN §3).</summary>
public static class WelfareSeal
{
    public static byte[] Message(ReadOnlySpan<byte> welfareKey, WelfareMessage message, string body) =>
        Crypto.Sealer.SealText(welfareKey, body, new Crypto.SealContext(message.CaseId, message.Id, SealedFields.WelfareMessage));

    public static string OpenMessage(ReadOnlySpan<byte> welfareKey, WelfareMessage message) =>
        Crypto.Sealer.OpenText(welfareKey, message.SealedBody, new Crypto.SealContext(message.CaseId, message.Id, SealedFields.WelfareMessage));

    public static byte[] Log(ReadOnlySpan<byte> welfareKey, WelfareLogEntry entry, string body) =>
        Crypto.Sealer.SealText(welfareKey, body, new Crypto.SealContext(entry.CaseId, entry.Id, SealedFields.WelfareLog));

    public static string? OpenLog(ReadOnlySpan<byte> welfareKey, WelfareLogEntry entry) => entry.SealedBody is null
        ? null
        : Crypto.Sealer.OpenText(welfareKey, entry.SealedBody, new Crypto.SealContext(entry.CaseId, entry.Id, SealedFields.WelfareLog));
}
