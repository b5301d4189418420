using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;
using ReportPortal.Core.Disclosure;
using ReportPortal.Core.Notifications;

namespace ReportPortal.StaffFace.Disclosure;

/// <summary>
/// Turns held identity grants into real ones once their release day has come: on each intake pass, and
/// whenever a request, the custodians' queue or the case's disclosure section is looked at. Before that day
/// no grant row exists, so the requester's private key opens nothing (docs/disclosure.md).
/// </summary>
public sealed class DisclosureRelease(ReportPortalDbContext db, DisclosureHold hold, AuditLog audit, TimeProvider time)
{
    /// <summary>Releases every due approval (of one case, or of all); returns how many were released.</summary>
    public async Task<int> ReleaseDueAsync(Guid? caseId, CancellationToken cancellationToken)
    {
        var today = UkCalendar.Today(time);
        var due = await db.DisclosureRequests.AsNoTracking()
            .Where(r => r.Status == DisclosureStatus.Approved && r.ReleaseOn <= today && (caseId == null || r.CaseId == caseId))
            .Select(r => r.Id)
            .ToListAsync(cancellationToken);
        var released = 0;
        foreach (var id in due)
        {
            if (await ReleaseAsync(id, today, cancellationToken))
            {
                released++;
            }
        }

        return released;
    }

    private async Task<bool> ReleaseAsync(Guid requestId, DateOnly today, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var request = await db.DisclosureRequests.SingleAsync(r => r.Id == requestId, cancellationToken);
        // A requester who left, or who declared a conflict in the case since asking, is never released to.
        var requesterActive = await ConflictRule.Eligible(db, request.CaseId).AnyAsync(s => s.Id == request.RequestedByStaffMemberId && s.IsActive, cancellationToken);
        if (request.Status != DisclosureStatus.Approved || request.HeldGrant is null || !requesterActive)
        {
            db.ChangeTracker.Clear();
            return false;
        }

        db.KeyGrants.Add(hold.Release(request, today));
        request.Status = DisclosureStatus.Released;
        request.ReleasedOn = today;
        request.Version++;
        Outbox.Notify(db, NotificationKind.DisclosureDecided, request.CaseId, [request.RequestedByStaffMemberId], time);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another node or request released (or a custodian withdrew) it first.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return false;
        }

        await audit.AppendAsync(AuditActions.DisclosureReleased, staffMemberId: null, request.CaseId, $"request {request.Id:N} to {request.RequestedByStaffMemberId:N}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return true;
    }
}
