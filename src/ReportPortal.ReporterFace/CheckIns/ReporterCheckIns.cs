using System.Runtime.Serialization;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Cases;
using ReportPortal.Core.CheckIns;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;
using ReportPortal.Core.Ui;
using ReportPortal.Core.Welfare;
using ReportPortal.ReporterFace.Status;
using ReportPortal.ReporterFace.Support;

namespace ReportPortal.ReporterFace.CheckIns;

/// <summary>A check-in as the reporter sees it, with their answer opened by the session's welfare key.</summary>
public sealed record CheckInItem(Guid Id, CheckInTemplate Template, DateOnly SentOn, DateOnly? AnsweredOn, CheckInAnswer? Answer);

public enum CheckInOutcome
{
    Sent,
    ChooseAnswer,
    TooLong,
    ContainsReceipt,
    AlreadyAnswered,
    NotFound,
}

/// <summary>The answer form, bound by name (the same names carry a kept answer through the receipt form).</summary>
public sealed class CheckInForm
{
    public const string CheckInField = "check-in";
    public const string ChoiceField = "choice";
    public const string DetailsField = "details";

    [DataMember(Name = CheckInField)]
    public string? CheckIn { get; set; }

    [DataMember(Name = ChoiceField)]
    public string? Choice { get; set; }

    [DataMember(Name = DetailsField)]
    public string? Details { get; set; }

    /// <summary>Only on the form that asks for the receipt again after the session ended; never echoed back.</summary>
    [DataMember(Name = "receipt")]
    public string? Receipt { get; set; }

    public Guid? CheckInId => Guid.TryParse(CheckIn, out var id) ? id : null;

    /// <summary>The choice, if it is one of ours.</summary>
    public CheckInChoice? ChosenValue => Choice is { } chosen && StoredNames.CheckInChoice.All.Contains(chosen) ? StoredNames.CheckInChoice.Parse(chosen) : null;

    public void Clean() => Details = TextNormaliser.NormaliseOrNull(Details);
}

/// <summary>
/// The reporter's side of retaliation check-ins: the inbox lists them, and the reporter answers each once
/// (the first answer stands: a second is refused, so nothing once said to welfare support can be taken back
/// by someone holding the receipt later). The answer is sealed under the case's welfare key by this session,
/// so welfare leads read it and handlers do not. "I would like to talk to someone" and "I am being treated
/// badly because I reported" go on exactly as the inbox's own buttons do (<see cref="ReporterWelfare"/>):
/// the flag, with the detriment's day, the welfare clocks and a content-free alert, in the same transaction.
/// </summary>
public sealed class ReporterCheckIns(ReportPortalDbContext db, ReporterInbox inbox, ReporterWelfare welfare, TimeProvider time)
{
    public async Task<IReadOnlyList<CheckInItem>> ListAsync(InboxAccess access, CancellationToken cancellationToken) =>
        await LoadAsync(access, null, cancellationToken);

    public async Task<CheckInItem?> FindAsync(InboxAccess access, Guid id, CancellationToken cancellationToken) =>
        (await LoadAsync(access, id, cancellationToken)).SingleOrDefault();

    public async Task<CheckInOutcome> AnswerAsync(InboxAccess access, Guid id, CheckInChoice? choice, string? details, CancellationToken cancellationToken)
    {
        // The receipt check runs before anything else, so a refused answer never echoes a receipt back.
        switch (details is null ? null : inbox.Refusal(access, details))
        {
            case ReplyOutcome.ContainsReceipt:
                return CheckInOutcome.ContainsReceipt;
            case ReplyOutcome.TooLong:
                return CheckInOutcome.TooLong;
        }

        if (choice is not { } chosen)
        {
            return CheckInOutcome.ChooseAnswer;
        }

        if (access.WelfareKey is not { } key)
        {
            return CheckInOutcome.NotFound;
        }

        await using var transaction = await ReporterCaseProof.BeginAsync(db, access.ReceiptLookup, cancellationToken);
        var row = await db.CheckIns.AsNoTracking().Where(c => c.Id == id && c.CaseId == access.CaseId)
            .Select(c => new { c.AnsweredOn, ForceId = db.Cases.Where(k => k.Id == c.CaseId).Select(k => k.ForceId).Single() })
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return CheckInOutcome.NotFound;
        }

        if (row.AnsweredOn is not null)
        {
            return CheckInOutcome.AlreadyAnswered;
        }

        var today = UkCalendar.Today(time);
        var sealedAnswer = CheckInRules.Seal(key, new CheckIn { Id = id, CaseId = access.CaseId }, new CheckInAnswer(StoredNames.CheckInChoice[chosen], details));
        // Only an unanswered row is updated (the database's policy says the same): of two answers racing, one lands.
        var answered = await db.CheckIns.Where(c => c.Id == id && c.AnsweredOn == null)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.AnsweredOn, today).SetProperty(c => c.SealedAnswer, sealedAnswer), cancellationToken);
        if (answered == 0)
        {
            return CheckInOutcome.AlreadyAnswered;
        }

        if (RequestOf(chosen) is { } request)
        {
            await welfare.RecordRequestAsync(access.CaseId, row.ForceId, request, today, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return CheckInOutcome.Sent;
    }

    private static WelfareRequest? RequestOf(CheckInChoice choice) => choice switch
    {
        CheckInChoice.WouldLikeToTalk => WelfareRequest.SupportRequested,
        CheckInChoice.TreatedBadly => WelfareRequest.DetrimentReported,
        _ => null,
    };

    private async Task<IReadOnlyList<CheckInItem>> LoadAsync(InboxAccess access, Guid? id, CancellationToken cancellationToken)
    {
        // A case filed before cases had welfare keys cannot seal an answer: it is shown no check-ins.
        if (access.WelfareKey is not { } key)
        {
            return [];
        }

        await using var transaction = await ReporterCaseProof.BeginAsync(db, access.ReceiptLookup, cancellationToken);
        var rows = await db.CheckIns.AsNoTracking()
            .Where(c => c.CaseId == access.CaseId && (id == null || c.Id == id))
            .OrderByDescending(c => c.DueOn)
            .ToListAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return rows.Select(r => new CheckInItem(r.Id, r.Template, r.SentOn, r.AnsweredOn, CheckInRules.Open(key, r))).ToList();
    }
}

public static class CheckInSetup
{
    public const string Path = "/status/check-in";

    public static IServiceCollection AddCheckIns(this IServiceCollection services) => services.AddScoped<ReporterCheckIns>();

    public static string AnswerPath(Guid id) => $"{Path}?id={id}";
}
