using ReportPortal.Core.Cases;
using ReportPortal.Crypto;

namespace ReportPortal.Core.CheckIns;

/// <summary>
/// Which fixed question a check-in asks (DESIGN §5: 1, 3, 6 and 12 months after submission). The question
/// is plain text in the reporter face, chosen by this name: the row holds no words, so the workflow, which
/// never holds a key, can make one due.
/// </summary>
public enum CheckInTemplate
{
    OneMonth = 2500,
    ThreeMonths = 2501,
    SixMonths = 2502,
    TwelveMonths = 2503,
}

/// <summary>How the reporter answered: kept only inside the sealed answer, never in a column.</summary>
public enum CheckInChoice
{
    AllFine = 2510,
    WouldLikeToTalk = 2511,
    TreatedBadly = 2512,
}

/// <summary>
/// One retaliation check-in of a case: made due once by the workflow (one row per case and due day, a unique
/// index), answered once by the reporter. The answer is sealed under the case's welfare key (field
/// welfare.check-in-answer), so welfare leads read it and handlers, who hold the case key only, cannot.
/// </summary>
public sealed class CheckIn
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid CaseId { get; set; }

    /// <summary>The day the rules make it due (<see cref="Clocks.ClockRules.CheckIns"/>): with the case, what makes it unique.</summary>
    public DateOnly DueOn { get; set; }

    public CheckInTemplate Template { get; set; }

    /// <summary>The day it appeared in the reporter's inbox (the due day, unless the workflow was down).</summary>
    public DateOnly SentOn { get; set; }

    /// <summary>Set once, with <see cref="SealedAnswer"/>: the first answer stands.</summary>
    public DateOnly? AnsweredOn { get; set; }

    public byte[]? SealedAnswer { get; set; }
}

/// <summary>What the sealed answer holds: the choice's fixed name and what the reporter added, if anything.</summary>
public sealed record CheckInAnswer(string Choice, string? Details);

public static class CheckInRules
{
    /// <summary>The template of the check-in due <paramref name="months"/> after submission (one per entry of ClockRules.CheckInMonths).</summary>
    public static CheckInTemplate TemplateFor(int months) => months switch
    {
        1 => CheckInTemplate.OneMonth,
        3 => CheckInTemplate.ThreeMonths,
        6 => CheckInTemplate.SixMonths,
        12 => CheckInTemplate.TwelveMonths,
        _ => throw new ArgumentOutOfRangeException(nameof(months), months, "No check-in template for this many months."),
    };

    public static byte[] Seal(ReadOnlySpan<byte> welfareKey, CheckIn checkIn, CheckInAnswer answer) =>
        SealedFields.SealRecord(welfareKey, answer, Context(checkIn));

    /// <summary>The answer, or null when there is none yet.</summary>
    public static CheckInAnswer? Open(ReadOnlySpan<byte> welfareKey, CheckIn checkIn) => checkIn.SealedAnswer is null
        ? null
        : SealedFields.OpenRecord<CheckInAnswer>(welfareKey, checkIn.SealedAnswer, Context(checkIn));

    private static SealContext Context(CheckIn checkIn) => new(checkIn.CaseId, checkIn.Id, SealedFields.WelfareCheckInAnswer);
}
