using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;
using ReportPortal.Core.Secrets;
using ReportPortal.Crypto;

namespace ReportPortal.ReporterFace.Status;

public sealed record InboxMessage(MessageAuthor Author, DateOnly SentOn, string Body);

public sealed record TimelineEntry(CaseEventKind Kind, DateOnly OccurredOn);

public sealed record InboxView(string ForceName, CaseStatus Status, DateOnly SubmittedOn, IReadOnlyList<TimelineEntry> Timeline, IReadOnlyList<InboxMessage> Messages);

public enum ReplyOutcome
{
    Sent,
    Empty,
    TooLong,
    ContainsReceipt,
    NoAccess,
}

/// <summary>What a reporter can do with their receipt: open the case, read it, answer.</summary>
public sealed class ReporterInbox(ReportPortalDbContext db, ServiceSecrets secrets, TimeProvider time)
{
    public const int MaxReplyLength = 5_000;

    /// <summary>Null for every kind of failure alike: unknown receipt, shredded case, access ended.</summary>
    public async Task<InboxAccess?> OpenAsync(Receipt receipt, CancellationToken cancellationToken)
    {
        var lookup = receipt.LookupHash(secrets.LookupPepper);
        var @case = await db.Cases.AsNoTracking()
            .Where(c => c.ReceiptLookup == lookup)
            .Select(c => new { c.Id })
            .SingleOrDefaultAsync(cancellationToken);
        if (@case is null)
        {
            return null;
        }

        var reporterKey = receipt.DeriveReporterKey();
        var access = new InboxAccess(@case.Id, reporterKey);
        var caseKey = await UnlockAsync(access, cancellationToken);
        if (caseKey is null)
        {
            return null;
        }

        CryptographicOperations.ZeroMemory(caseKey);
        return access;
    }

    public async Task<InboxView?> LoadAsync(InboxAccess access, CancellationToken cancellationToken)
    {
        var caseKey = await UnlockAsync(access, cancellationToken);
        if (caseKey is null)
        {
            return null;
        }

        try
        {
            var @case = await db.Cases.AsNoTracking().SingleAsync(c => c.Id == access.CaseId, cancellationToken);
            var forceName = await db.Forces.Where(f => f.Id == @case.ForceId).Select(f => f.Name).SingleAsync(cancellationToken);
            var events = await db.CaseEvents.AsNoTracking()
                .Where(e => e.CaseId == access.CaseId && e.VisibleToReporter)
                .OrderBy(e => e.Sequence)
                .Select(e => new TimelineEntry(e.Kind, e.OccurredOn))
                .ToListAsync(cancellationToken);
            var messages = await db.CaseMessages.AsNoTracking()
                .Where(m => m.CaseId == access.CaseId)
                .OrderBy(m => m.Sequence)
                .ToListAsync(cancellationToken);
            return new InboxView(
                forceName,
                @case.Status,
                @case.SubmittedOn,
                events,
                messages.Select(m => new InboxMessage(m.Author, m.SentOn, SealedFields.OpenMessage(caseKey, m))).ToList());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(caseKey);
        }
    }

    public async Task<ReplyOutcome> ReplyAsync(InboxAccess access, string? text, CancellationToken cancellationToken)
    {
        var body = text?.Trim();
        if (string.IsNullOrEmpty(body))
        {
            return ReplyOutcome.Empty;
        }

        if (body.Length > MaxReplyLength)
        {
            return ReplyOutcome.TooLong;
        }

        if (Receipt.AppearsIn(body, access.ReporterKey))
        {
            return ReplyOutcome.ContainsReceipt;
        }

        var caseKey = await UnlockAsync(access, cancellationToken);
        if (caseKey is null)
        {
            return ReplyOutcome.NoAccess;
        }

        try
        {
            var next = await db.CaseMessages.Where(m => m.CaseId == access.CaseId).MaxAsync(m => (int?)m.Sequence, cancellationToken) ?? 0;
            var message = new CaseMessage
            {
                CaseId = access.CaseId,
                Sequence = next + 1,
                Author = MessageAuthor.Reporter,
                SentOn = UkCalendar.Today(time),
                SealedBody = [],
            };
            message.SealedBody = SealedFields.SealMessage(caseKey, access.CaseId, message.Id, body);
            db.CaseMessages.Add(message);
            await db.SaveChangesAsync(cancellationToken);
            return ReplyOutcome.Sent;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(caseKey);
        }
    }

    /// <summary>The case key, if the reporter's grant still opens and their access has not ended.</summary>
    private async Task<byte[]?> UnlockAsync(InboxAccess access, CancellationToken cancellationToken)
    {
        var found = await db.Cases.AsNoTracking()
            .Where(c => c.Id == access.CaseId)
            .Select(c => new
            {
                c.ClosedOn,
                c.ForceId,
                Grant = c.Grants.FirstOrDefault(g => g.Holder == KeyHolder.Reporter && g.Purpose == KeyPurpose.CaseContent),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (found?.Grant is null)
        {
            return null;
        }

        if (found.ClosedOn is { } closedOn)
        {
            var accessMonths = await db.Forces.Where(f => f.Id == found.ForceId)
                .Select(f => f.Clocks.ReporterAccessEndsMonthsAfterClosure).SingleAsync(cancellationToken);
            if (closedOn.AddMonths(accessMonths) < UkCalendar.Today(time))
            {
                return null;
            }
        }

        try
        {
            return CaseGrants.OpenReporterGrant(found.Grant, access.ReporterKey);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
