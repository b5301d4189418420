using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;
using ReportPortal.Core.Welfare;
using ReportPortal.ReporterFace.Status;

namespace ReportPortal.ReporterFace.Support;

public sealed record WelfareThreadEntry(MessageAuthor Author, WelfareRequest? Request, DateOnly SentOn, string Body);

/// <summary>
/// The reporter's side of welfare support: the welfare thread (read and answer), and "I need support" / "I am
/// being treated badly because I reported". Everything the reporter writes here is sealed under the case's
/// welfare key, so welfare leads read it and handlers, who hold the case key only, do not. Asking records the
/// flag on the case (detriment with its day: a tribunal claim must be brought within three months of it),
/// starts the welfare clocks unless support is already waiting or running, and raises a content-free alert
/// to the welfare lead (or the force's welfare leads) and the case's handlers, all in one transaction. A plain
/// answer on the thread alerts welfare support only: the lead looking after them, or else every welfare lead
/// holding the case's welfare key.
/// </summary>
public sealed class ReporterWelfare(ReportPortalDbContext db, ReporterInbox inbox, TimeProvider time, WorkingCalendar calendar)
{
    public async Task<IReadOnlyList<WelfareThreadEntry>> ThreadAsync(InboxAccess access, CancellationToken cancellationToken)
    {
        if (access.WelfareKey is not { } key)
        {
            return [];
        }

        await using var transaction = await ReporterCaseProof.BeginAsync(db, access.ReceiptLookup, cancellationToken);
        var messages = await db.WelfareMessages.AsNoTracking().Where(m => m.CaseId == access.CaseId).OrderBy(m => m.Sequence).ToListAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return messages.Select(m => new WelfareThreadEntry(m.Author, m.Request, m.SentOn, WelfareSeal.OpenMessage(key, m))).ToList();
    }

    public Task<ReplyOutcome> ReplyAsync(InboxAccess access, string? body, CancellationToken cancellationToken) =>
        SendAsync(access, body, request: null, cancellationToken);

    public Task<ReplyOutcome> RaiseAsync(InboxAccess access, ReporterFlag flag, string? note, CancellationToken cancellationToken)
    {
        if (access.WelfareKey is null)
        {
            // A case filed before cases had welfare keys: the note goes to the case team, as it always did.
            return inbox.RaiseFlagAsync(access, flag, note, cancellationToken);
        }

        var heading = flag == ReporterFlag.NeedsSupport
            ? "I would like support."
            : "I am being treated badly because I reported.";
        var body = string.IsNullOrEmpty(note) ? heading : heading + "\n\n" + note;
        return SendAsync(access, body, flag == ReporterFlag.NeedsSupport ? WelfareRequest.SupportRequested : WelfareRequest.DetrimentReported, cancellationToken);
    }

    private async Task<ReplyOutcome> SendAsync(InboxAccess access, string? body, WelfareRequest? request, CancellationToken cancellationToken)
    {
        if (inbox.Refusal(access, body) is { } refused)
        {
            return refused;
        }

        if (access.WelfareKey is not { } key)
        {
            return ReplyOutcome.NoAccess;
        }

        await using var transaction = await ReporterCaseProof.BeginAsync(db, access.ReceiptLookup, cancellationToken);
        var forceId = await db.Cases.Where(c => c.Id == access.CaseId).Select(c => (Guid?)c.ForceId).SingleOrDefaultAsync(cancellationToken);
        if (forceId is null)
        {
            return ReplyOutcome.NoAccess;
        }

        var today = UkCalendar.Today(time);
        var message = new WelfareMessage
        {
            CaseId = access.CaseId,
            Sequence = await CaseSequence.NextMessageAsync(db, access.CaseId, cancellationToken),
            Author = MessageAuthor.Reporter,
            Request = request,
            SentOn = today,
            SealedBody = [],
        };
        message.SealedBody = WelfareSeal.Message(key, message, body!);
        db.WelfareMessages.Add(message);
        await db.SaveChangesAsync(cancellationToken);
        if (request is { } asked)
        {
            await RecordRequestAsync(access.CaseId, forceId.Value, asked, today, cancellationToken);
        }
        else
        {
            // An answer on the thread: welfare support hears of it (content-free), the handlers do not.
            await db.Database.SqlQuery<int>($"""SELECT reporter_welfare_reply({access.CaseId}, {today}) AS "Value" """).ToListAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return ReplyOutcome.Sent;
    }

    /// <summary>
    /// Records a request on the case (support asked for, or detriment with its day), starts the welfare clocks
    /// and raises the content-free alert, inside the caller's transaction, which must present the case's proof.
    /// Also used by an answer to a retaliation check-in.
    /// </summary>
    internal async Task RecordRequestAsync(Guid caseId, Guid forceId, WelfareRequest request, DateOnly today, CancellationToken cancellationToken)
    {
        var cases = db.Cases.Where(c => c.Id == caseId);
        await (request == WelfareRequest.SupportRequested
            ? cases.ExecuteUpdateAsync(u => u.SetProperty(c => c.SupportRequested, true), cancellationToken)
            : cases.ExecuteUpdateAsync(u => u.SetProperty(c => c.DetrimentReportedOn, today), cancellationToken));
        var clocks = await db.Forces.AsNoTracking().Where(f => f.Id == forceId).Select(f => f.Clocks).SingleAsync(cancellationToken);
        var assignBy = ClockRules.WelfareAssignment(today, clocks, calendar);
        var contactBy = ClockRules.WelfareFirstContact(today, clocks);
        await db.Database
            .SqlQuery<int>($"""SELECT reporter_welfare_alert({caseId}, {today}, {assignBy}, {contactBy}) AS "Value" """)
            .ToListAsync(cancellationToken);
    }
}

public static class SupportSetup
{
    public static IServiceCollection AddSupport(this IServiceCollection services) => services.AddScoped<ReporterWelfare>();
}
