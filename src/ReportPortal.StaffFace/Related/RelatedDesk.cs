using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;
using ReportPortal.Core.Notifications;
using ReportPortal.Crypto;
using ReportPortal.StaffFace.Cases;
using ReportPortal.StaffFace.Secrets;

namespace ReportPortal.StaffFace.Related;

public sealed record HeldRelated(Guid CaseId, string Reference, RelatedShares Shares, bool Linked);

/// <summary>A link as the holders of one of its cases see it: the other case's reference only if they hold it too.</summary>
public sealed record LinkView(Guid LinkId, Guid? OtherCaseId, string? OtherReference, string LinkedBy, DateOnly LinkedOn, string Reason,
    DateOnly? UnlinkedOn, string? UnlinkedBy, string? UnlinkReason)
{
    public bool Active => UnlinkedOn is null;
}

/// <param name="NotHeld">Related reports the viewer does not hold (a count only: nothing more is said about them).</param>
/// <param name="Requestable">Of those, how many the viewer has no open request for.</param>
public sealed record RelatedView(IReadOnlyList<HeldRelated> Held, int NotHeld, int Requestable, IReadOnlyList<LinkView> Links);

/// <summary>
/// The related-reports section of a case: matches by blind index, explicit links with reasons, and requests
/// for related reports the handler does not hold. Works only on cases the handler holds (<see cref="CaseAccess"/>).
/// </summary>
public sealed class RelatedDesk(ReportPortalDbContext db, CaseAccess access, StaffSecrets secrets, AuditLog audit, TimeProvider time)
{
    public const string LinkReason = "case-link.reason";
    public const string UnlinkReason = "case-link.unlink-reason";

    public async Task<RelatedView?> ViewAsync(Guid caseId, CancellationToken cancellationToken)
    {
        if (!await access.Workable().AnyAsync(c => c.Id == caseId, cancellationToken) || await access.OpenCaseKeyAsync(caseId, cancellationToken) is not { } caseKey)
        {
            return null;
        }

        try
        {
            var related = await FindAsync(caseId, cancellationToken);
            var ids = related.Keys.ToList();
            var held = await access.Workable().AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.Reference }).ToListAsync(cancellationToken);
            var me = access.StaffMemberId;
            var notHeld = ids.Except(held.Select(h => h.Id)).ToList();
            var asked = await db.AccessRequests.AsNoTracking()
                .Where(r => r.RequesterStaffMemberId == me && r.Status == AccessRequestStatus.Pending && notHeld.Contains(r.CaseId)).CountAsync(cancellationToken);
            var links = await LinksAsync(caseId, caseKey, cancellationToken);
            var linked = links.Where(l => l.Active && l.OtherCaseId is not null).Select(l => l.OtherCaseId!.Value).ToHashSet();
            return new RelatedView(
                held.Select(h => new HeldRelated(h.Id, h.Reference, related[h.Id], linked.Contains(h.Id))).OrderBy(h => h.Reference, StringComparer.Ordinal).ToList(),
                notHeld.Count, notHeld.Count - asked, links);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(caseKey);
        }
    }

    /// <summary>Links the case to another the handler holds, by its reference, with a reason both cases keep.</summary>
    public async Task<string?> LinkAsync(Guid caseId, string otherReference, string reason, CancellationToken cancellationToken)
    {
        var wanted = otherReference.Trim().ToUpperInvariant();
        var other = await access.Workable().AsNoTracking().Where(c => c.Reference == wanted).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(cancellationToken);
        if (other is not { } otherId)
        {
            return "Enter the reference of a case you have access to.";
        }

        if (otherId == caseId)
        {
            return "A case cannot be linked to itself.";
        }

        var (first, second) = Order(caseId, otherId);
        if (await db.CaseLinks.AnyAsync(l => l.FirstCaseId == first && l.SecondCaseId == second && l.UnlinkedOn == null, cancellationToken))
        {
            return $"This case is already linked to {wanted}.";
        }

        return await WithBothKeysAsync(first, second, async (firstKey, secondKey, today) =>
        {
            var link = new CaseLink { FirstCaseId = first, SecondCaseId = second, LinkedByStaffMemberId = access.StaffMemberId, LinkedOn = today, SealedReasonFirst = [], SealedReasonSecond = [] };
            link.SealedReasonFirst = Sealer.SealText(firstKey, reason, new SealContext(first, link.Id, LinkReason));
            link.SealedReasonSecond = Sealer.SealText(secondKey, reason, new SealContext(second, link.Id, LinkReason));
            db.CaseLinks.Add(link);
            await db.SaveChangesAsync(cancellationToken);
            await audit.AppendAsync(AuditActions.CaseLinked, access.StaffMemberId, first, $"link {link.Id:N} to {second:N}", cancellationToken);
            await audit.AppendAsync(AuditActions.CaseLinked, access.StaffMemberId, second, $"link {link.Id:N} to {first:N}", cancellationToken);
        }, cancellationToken);
    }

    public async Task<string?> UnlinkAsync(Guid caseId, Guid linkId, string reason, CancellationToken cancellationToken)
    {
        var link = await db.CaseLinks.AsNoTracking().SingleOrDefaultAsync(l => l.Id == linkId && (l.FirstCaseId == caseId || l.SecondCaseId == caseId) && l.UnlinkedOn == null, cancellationToken);
        if (link is null)
        {
            return "That link has already been removed.";
        }

        return await WithBothKeysAsync(link.FirstCaseId, link.SecondCaseId, async (firstKey, secondKey, today) =>
        {
            // Only a link still active at this moment is ended: two people unlinking at once end it once.
            var ended = await db.CaseLinks.Where(l => l.Id == linkId && l.UnlinkedOn == null).ExecuteUpdateAsync(l => l
                .SetProperty(x => x.UnlinkedOn, today)
                .SetProperty(x => x.UnlinkedByStaffMemberId, access.StaffMemberId)
                .SetProperty(x => x.SealedUnlinkReasonFirst, Sealer.SealText(firstKey, reason, new SealContext(link.FirstCaseId, linkId, UnlinkReason)))
                .SetProperty(x => x.SealedUnlinkReasonSecond, Sealer.SealText(secondKey, reason, new SealContext(link.SecondCaseId, linkId, UnlinkReason))), cancellationToken);
            if (ended == 1)
            {
                await audit.AppendAsync(AuditActions.CaseUnlinked, access.StaffMemberId, link.FirstCaseId, $"link {linkId:N}", cancellationToken);
                await audit.AppendAsync(AuditActions.CaseUnlinked, access.StaffMemberId, link.SecondCaseId, $"link {linkId:N}", cancellationToken);
            }
        }, cancellationToken, "You can remove a link only between two cases you both have access to.");
    }

    /// <summary>
    /// Asks for every related report the handler does not hold and has not already asked for. Each request goes
    /// to that case's holders (an outbox notice, nothing more); returns how many were sent, or a problem.
    /// </summary>
    public async Task<(int Sent, string? Problem)> RequestAccessAsync(Guid caseId, string reasons, CancellationToken cancellationToken)
    {
        if (!await access.Workable().AnyAsync(c => c.Id == caseId, cancellationToken))
        {
            return (0, "This case is not yours to work.");
        }

        var me = access.StaffMemberId;
        var related = (await FindAsync(caseId, cancellationToken)).Keys.ToList();
        var held = await access.Workable().Where(c => related.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
        var asked = await db.AccessRequests.Where(r => r.RequesterStaffMemberId == me && r.Status == AccessRequestStatus.Pending && related.Contains(r.CaseId)).Select(r => r.CaseId).ToListAsync(cancellationToken);
        var targets = related.Except(held).Except(asked).ToList();
        if (targets.Count == 0)
        {
            return (0, "There is no related report left to ask for: you have asked for each one already.");
        }

        var today = UkCalendar.Today(time);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var target in targets)
        {
            var request = new AccessRequest { CaseId = target, FromCaseId = caseId, RequesterStaffMemberId = me, RequestedOn = today, SealedReasons = [] };
            request.SealedReasons = StaffSideReasons.Seal(secrets, target, request.Id, StaffSideReasons.RequestReasons, reasons);
            db.AccessRequests.Add(request);
            var holders = await db.KeyGrants.Where(g => g.CaseId == target && g.Holder == KeyHolder.Staff && g.Purpose == KeyPurpose.CaseContent && g.StaffMemberId != null)
                .Select(g => g.StaffMemberId!.Value).ToListAsync(cancellationToken);
            Outbox.Notify(db, NotificationKind.AccessRequested, target, holders, time);
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var target in targets)
        {
            await audit.AppendAsync(AuditActions.AccessRequested, me, target, $"from case {caseId:N}", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return (targets.Count, null);
    }

    private async Task<Dictionary<Guid, RelatedShares>> FindAsync(Guid caseId, CancellationToken cancellationToken)
    {
        var me = access.StaffMemberId;
        var index = await db.StaffMembers.AsNoTracking().Where(s => s.Id == me).Select(s => s.StaffNumberIndex).SingleOrDefaultAsync(cancellationToken);
        return await RelatedMatching.FindAsync(db, caseId, me, index, cancellationToken);
    }

    private async Task<IReadOnlyList<LinkView>> LinksAsync(Guid caseId, byte[] caseKey, CancellationToken cancellationToken)
    {
        var links = await db.CaseLinks.AsNoTracking().Where(l => l.FirstCaseId == caseId || l.SecondCaseId == caseId)
            .OrderByDescending(l => l.UnlinkedOn == null).ThenByDescending(l => l.LinkedOn).ToListAsync(cancellationToken);
        var otherIds = links.Select(l => l.FirstCaseId == caseId ? l.SecondCaseId : l.FirstCaseId).ToList();
        var held = await access.Workable().AsNoTracking().Where(c => otherIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Reference, cancellationToken);
        var staffIds = links.Select(l => l.LinkedByStaffMemberId).Concat(links.Select(l => l.UnlinkedByStaffMemberId).OfType<Guid>()).Distinct().ToList();
        var names = await db.StaffMembers.AsNoTracking().Where(s => staffIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.DisplayName, cancellationToken);
        string Name(Guid? id) => id is { } known && names.TryGetValue(known, out var name) ? name : "A former member of staff";
        return links.Select(l =>
        {
            var first = l.FirstCaseId == caseId;
            var other = first ? l.SecondCaseId : l.FirstCaseId;
            var unlinkReason = (first ? l.SealedUnlinkReasonFirst : l.SealedUnlinkReasonSecond) is { } sealedUnlink
                ? Sealer.OpenText(caseKey, sealedUnlink, new SealContext(caseId, l.Id, UnlinkReason))
                : null;
            return new LinkView(l.Id, held.ContainsKey(other) ? other : null, held.GetValueOrDefault(other), Name(l.LinkedByStaffMemberId), l.LinkedOn,
                Sealer.OpenText(caseKey, first ? l.SealedReasonFirst : l.SealedReasonSecond, new SealContext(caseId, l.Id, LinkReason)),
                l.UnlinkedOn, l.UnlinkedOn is null ? null : Name(l.UnlinkedByStaffMemberId), unlinkReason);
        }).ToList();
    }

    private async Task<string?> WithBothKeysAsync(Guid first, Guid second, Func<byte[], byte[], DateOnly, Task> act, CancellationToken cancellationToken, string? notHeld = null)
    {
        var firstKey = await access.Workable().AnyAsync(c => c.Id == first, cancellationToken) ? await access.OpenCaseKeyAsync(first, cancellationToken) : null;
        var secondKey = await access.Workable().AnyAsync(c => c.Id == second, cancellationToken) ? await access.OpenCaseKeyAsync(second, cancellationToken) : null;
        try
        {
            if (firstKey is null || secondKey is null)
            {
                return notHeld ?? "Enter the reference of a case you have access to.";
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await act(firstKey, secondKey, UkCalendar.Today(time));
            await transaction.CommitAsync(cancellationToken);
            return null;
        }
        finally
        {
            if (firstKey is not null)
            {
                CryptographicOperations.ZeroMemory(firstKey);
            }

            if (secondKey is not null)
            {
                CryptographicOperations.ZeroMemory(secondKey);
            }
        }
    }

    /// <summary>A link is stored once, its two cases in a fixed order, so the same pair is never linked twice over.</summary>
    private static (Guid First, Guid Second) Order(Guid a, Guid b) => a.CompareTo(b) < 0 ? (a, b) : (b, a);
}
