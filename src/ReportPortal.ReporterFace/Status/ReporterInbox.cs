using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;
using ReportPortal.Core.Secrets;
using ReportPortal.Crypto;
using ReportPortal.ReporterFace.Secrets;

namespace ReportPortal.ReporterFace.Status;

public sealed record InboxMessage(MessageAuthor Author, DateOnly SentOn, string Body);

public sealed record TimelineEntry(CaseEventKind Kind, DateOnly OccurredOn);

public sealed record InboxView(
    string ForceName,
    CaseStatus Status,
    DateOnly SubmittedOn,
    ReportAccount Account,
    IReadOnlyList<TimelineEntry> Timeline,
    IReadOnlyList<InboxMessage> Messages);

/// <summary>What a reporter can raise from the inbox besides a plain message.</summary>
public enum ReporterFlag
{
    NeedsSupport,
    TreatedBadly,
}

public enum ReplyOutcome
{
    Sent,
    Empty,
    TooLong,
    ContainsReceipt,
    NoAccess,
}

/// <summary>
/// The case id, case key, receipt lookup and welfare key (if the case has one) a receipt opened; the
/// receipt-derived key has already been wiped. The lookup is the proof the database asks for before the
/// reporter role may touch the case.
/// </summary>
public sealed record OpenedCase(Guid CaseId, byte[] CaseKey, byte[] ReceiptLookup, byte[]? WelfareKey = null);

/// <summary>What a reporter can do with their receipt: open the case, read it, answer.</summary>
public sealed class ReporterInbox(ReportPortalDbContext db, ReporterSecrets secrets, RetentionKeys retention, TimeProvider time)
{
    public const int MaxReplyLength = 5_000;

    /// <summary>
    /// Opens the case a receipt belongs to. Null for every kind of failure alike: unknown receipt,
    /// shredded case, access ended. The receipt-derived key never leaves this method.
    /// </summary>
    public async Task<OpenedCase?> OpenAsync(Receipt receipt, CancellationToken cancellationToken)
    {
        var lookup = receipt.LookupHash(secrets.ReceiptLookupKey);
        if (await ReporterCaseProof.CaseByLookupAsync(db, lookup, cancellationToken) is not { } caseId)
        {
            return null;
        }

        await using var transaction = await ReporterCaseProof.BeginAsync(db, lookup, cancellationToken);
        var found = await db.Cases.AsNoTracking()
            .Where(c => c.Id == caseId)
            .Select(c => new { c.ClosedOn, c.ForceId })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null || !await AccessOpenAsync(found.ClosedOn, found.ForceId, cancellationToken))
        {
            return null;
        }

        // Every reporter grant is tried: the reporter role can no longer add one to a filed case, but a second
        // one written by anyone else who can write the table must not lock the real reporter out either.
        var grants = await db.KeyGrants.AsNoTracking()
            .Where(g => g.CaseId == caseId && g.Holder == KeyHolder.Reporter && (g.Purpose == KeyPurpose.CaseContent || g.Purpose == KeyPurpose.Welfare))
            .ToListAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var reporterKey = receipt.DeriveReporterKey();
        try
        {
            var caseKey = OpenFirst(grants.Where(g => g.Purpose == KeyPurpose.CaseContent), reporterKey);
            return caseKey is null ? null : new OpenedCase(caseId, caseKey, lookup, OpenFirst(grants.Where(g => g.Purpose == KeyPurpose.Welfare), reporterKey));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(reporterKey);
        }
    }

    /// <summary>
    /// The day the reporter's access ended (<see cref="ClockRules.ReporterAccessEnds"/>), when <paramref name="receipt"/>
    /// is right but its case was closed too long ago to open; otherwise null. Only the holder of the receipt can
    /// learn this, so they are told plainly instead of being sent back to check a receipt that is right.
    /// </summary>
    public async Task<DateOnly?> AccessEndedOnAsync(Receipt receipt, CancellationToken cancellationToken)
    {
        var lookup = receipt.LookupHash(secrets.ReceiptLookupKey);
        if (await ReporterCaseProof.CaseByLookupAsync(db, lookup, cancellationToken) is not { } caseId)
        {
            return null;
        }

        await using var transaction = await ReporterCaseProof.BeginAsync(db, lookup, cancellationToken);
        var found = await db.Cases.AsNoTracking()
            .Where(c => c.Id == caseId && c.ClosedOn != null)
            .Select(c => new { c.ClosedOn, c.ForceId })
            .SingleOrDefaultAsync(cancellationToken);
        if (found?.ClosedOn is not { } closedOn)
        {
            return null;
        }

        var clocks = await db.Forces.AsNoTracking().Where(f => f.Id == found.ForceId).Select(f => f.Clocks).SingleAsync(cancellationToken);
        return ClockRules.ReporterAccessOpen(closedOn, clocks, UkCalendar.Today(time)) ? null : ClockRules.ReporterAccessEnds(closedOn, clocks);
    }

    private byte[]? OpenFirst(IEnumerable<KeyGrant> grants, byte[] reporterKey)
    {
        foreach (var grant in grants)
        {
            try
            {
                return CaseGrants.OpenReporterGrant(grant, reporterKey, retention);
            }
            catch (CryptographicException)
            {
                // Not this one.
            }
        }

        return null;
    }

    public async Task<InboxView?> LoadAsync(InboxAccess access, CancellationToken cancellationToken)
    {
        await using var transaction = await ReporterCaseProof.BeginAsync(db, access.ReceiptLookup, cancellationToken);
        var found = await db.Cases.AsNoTracking()
            .Where(c => c.Id == access.CaseId)
            .Select(c => new { c.Status, c.SubmittedOn, c.ClosedOn, c.ForceId, c.SealedAccount })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null || !await AccessOpenAsync(found.ClosedOn, found.ForceId, cancellationToken))
        {
            return null;
        }

        var forceName = await db.Forces.Where(f => f.Id == found.ForceId).Select(f => f.Name).SingleAsync(cancellationToken);
        var events = await db.CaseEvents.AsNoTracking()
            .Where(e => e.CaseId == access.CaseId && e.VisibleToReporter)
            .OrderBy(e => e.Sequence)
            .Select(e => new TimelineEntry(e.Kind, e.OccurredOn))
            .ToListAsync(cancellationToken);
        var messages = await db.CaseMessages.AsNoTracking()
            .Where(m => m.CaseId == access.CaseId)
            .OrderBy(m => m.Sequence)
            .ToListAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var account = SealedFields.OpenRecord<ReportAccount>(access.CaseKey, found.SealedAccount,
            new SealContext(access.CaseId, access.CaseId, SealedFields.Account));
        return new InboxView(
            forceName,
            found.Status,
            found.SubmittedOn,
            account,
            events,
            messages.Select(m => new InboxMessage(m.Author, m.SentOn, SealedFields.OpenMessage(access.CaseKey, m))).ToList());
    }

    /// <summary>Seals and stores a reply (see <see cref="SendAsync"/>).</summary>
    public Task<ReplyOutcome> ReplyAsync(InboxAccess access, string? body, CancellationToken cancellationToken) =>
        SendAsync(access, body, alsoRecord: null, cancellationToken);

    /// <summary>
    /// Records "I need support" or "I am being treated badly because I reported" on the case and sends the
    /// team a message saying so, with whatever the reporter added, in one transaction. Detriment is dated (to
    /// the day): an employment tribunal claim must be brought within three months of it.
    /// </summary>
    public Task<ReplyOutcome> RaiseFlagAsync(InboxAccess access, ReporterFlag flag, string? details, CancellationToken cancellationToken)
    {
        var heading = flag == ReporterFlag.NeedsSupport
            ? "I would like support."
            : "I am being treated badly because I reported.";
        var body = string.IsNullOrEmpty(details) ? heading : heading + "\n\n" + details;
        var today = UkCalendar.Today(time);
        var cases = db.Cases.Where(c => c.Id == access.CaseId);
        return SendAsync(access, body, () => flag == ReporterFlag.NeedsSupport
            ? cases.ExecuteUpdateAsync(u => u.SetProperty(c => c.SupportRequested, true), cancellationToken)
            : cases.ExecuteUpdateAsync(u => u.SetProperty(c => c.DetrimentReportedOn, today), cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Seals and stores a message from the reporter, and whatever <paramref name="alsoRecord"/> writes, in a
    /// transaction that presents the case's proof. The receipt check runs first, before any length check,
    /// so a refused reply never echoes a receipt back. The sequence number comes from one atomic UPDATE, so
    /// concurrent replies to one case all land.
    /// </summary>
    private async Task<ReplyOutcome> SendAsync(InboxAccess access, string? body, Func<Task<int>>? alsoRecord, CancellationToken cancellationToken)
    {
        if (Refusal(access, body) is { } refused)
        {
            return refused;
        }

        await using var transaction = await ReporterCaseProof.BeginAsync(db, access.ReceiptLookup, cancellationToken);
        if (!await db.Cases.AnyAsync(c => c.Id == access.CaseId, cancellationToken))
        {
            return ReplyOutcome.NoAccess;
        }

        var sequence = await CaseSequence.NextMessageAsync(db, access.CaseId, cancellationToken);
        var message = new CaseMessage
        {
            CaseId = access.CaseId,
            Sequence = sequence,
            Author = MessageAuthor.Reporter,
            SentOn = UkCalendar.Today(time),
            SealedBody = [],
        };
        message.SealedBody = SealedFields.SealMessage(access.CaseKey, access.CaseId, message.Id, body!);
        db.CaseMessages.Add(message);
        await db.SaveChangesAsync(cancellationToken);
        if (alsoRecord is not null)
        {
            await alsoRecord();
        }

        await transaction.CommitAsync(cancellationToken);
        return ReplyOutcome.Sent;
    }

    /// <summary>
    /// Why a reporter's text cannot be sent, or null when it can. The receipt check runs first, before any
    /// length check, so a refused text never echoes a receipt back.
    /// </summary>
    internal ReplyOutcome? Refusal(InboxAccess access, string? body) =>
        ContainsReceipt(body, access.ReceiptLookup) ? ReplyOutcome.ContainsReceipt
        : string.IsNullOrEmpty(body) ? ReplyOutcome.Empty
        : body.Length > MaxReplyLength ? ReplyOutcome.TooLong
        : null;

    private bool ContainsReceipt(string? text, byte[] receiptLookup) =>
        Receipt.AppearsIn(text, candidate => CryptographicOperations.FixedTimeEquals(candidate.LookupHash(secrets.ReceiptLookupKey), receiptLookup));

    private async Task<bool> AccessOpenAsync(DateOnly? closedOn, Guid forceId, CancellationToken cancellationToken)
    {
        if (closedOn is null)
        {
            return true;
        }

        var clocks = await db.Forces.AsNoTracking().Where(f => f.Id == forceId).Select(f => f.Clocks).SingleAsync(cancellationToken);
        return ClockRules.ReporterAccessOpen(closedOn, clocks, UkCalendar.Today(time));
    }
}
