using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;
using ReportPortal.Core.Notifications;
using ReportPortal.StaffFace.Cases;
using ReportPortal.StaffFace.Conflicts;
using ReportPortal.StaffFace.Secrets;
using ReportPortal.StaffFace.Staff;

namespace ReportPortal.StaffFace.Related;

/// <summary>A request for a case the viewer holds, to grant or refuse.</summary>
public sealed record RequestToDecide(Guid Id, int Version, Guid CaseId, string Reference, string RequesterName, DateOnly RequestedOn, string Reasons, RelatedShares Shares);

/// <summary>
/// One of the viewer's own requests. The reference of the case asked for is shown only once it is theirs;
/// until then they know it only as "a report related to" the case they asked from.
/// </summary>
public sealed record OwnRequest(Guid Id, string FromReference, Guid FromCaseId, AccessRequestStatus Status, DateOnly RequestedOn, DateOnly? DecidedOn,
    string? DecidedBy, string? DecisionReasons, Guid? GrantedCaseId, string? GrantedReference);

public sealed record AccessRequestsView(IReadOnlyList<RequestToDecide> ToDecide, IReadOnlyList<OwnRequest> Mine);

/// <summary>
/// Requests for related reports: a holder of the case asked for grants it (wrapping the case key to the
/// requester's pinned key, never past the conflict rule) or refuses it with reasons; both are audited and
/// the requester is told. A request decided by someone else first is refused as stale.
/// </summary>
public sealed class AccessRequestDesk(ReportPortalDbContext db, CaseAccess access, StaffSecrets secrets, AuditLog audit, TimeProvider time)
{
    public const string StaleMessage = "Someone else decided this request after you opened the page. Nothing was changed: check the request as it is now.";

    public async Task<AccessRequestsView?> ViewAsync(CancellationToken cancellationToken)
    {
        if (access.HandlerForceId is null)
        {
            return null;
        }

        var me = access.StaffMemberId;
        var held = access.Workable().Select(c => c.Id);
        var pending = await db.AccessRequests.AsNoTracking().Where(r => r.Status == AccessRequestStatus.Pending && held.Contains(r.CaseId))
            .Join(db.Cases, r => r.CaseId, c => c.Id, (r, c) => new { Request = r, c.Reference })
            .OrderBy(r => r.Request.RequestedOn).ThenBy(r => r.Reference).ToListAsync(cancellationToken);
        var mine = await db.AccessRequests.AsNoTracking().Where(r => r.RequesterStaffMemberId == me)
            .Join(db.Cases, r => r.FromCaseId, c => c.Id, (r, c) => new { Request = r, FromReference = c.Reference })
            .OrderByDescending(r => r.Request.RequestedOn).ThenBy(r => r.Request.Id).ToListAsync(cancellationToken);
        var staffIds = pending.Select(p => p.Request.RequesterStaffMemberId).Concat(mine.Select(m => m.Request.DecidedByStaffMemberId).OfType<Guid>()).Distinct().ToList();
        var names = await db.StaffMembers.AsNoTracking().Where(s => staffIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.DisplayName, cancellationToken);
        string Name(Guid id) => names.GetValueOrDefault(id) ?? "A former member of staff";
        var grantedIds = mine.Where(m => m.Request.Status == AccessRequestStatus.Granted).Select(m => m.Request.CaseId).ToList();
        var nowHeld = await access.Workable().Where(c => grantedIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Reference, cancellationToken);

        var toDecide = new List<RequestToDecide>();
        foreach (var p in pending)
        {
            var requester = await db.StaffMembers.AsNoTracking().Where(s => s.Id == p.Request.RequesterStaffMemberId).Select(s => s.StaffNumberIndex).SingleOrDefaultAsync(cancellationToken);
            var shares = (await RelatedMatching.FindAsync(db, p.Request.FromCaseId, p.Request.RequesterStaffMemberId, requester, cancellationToken)).GetValueOrDefault(p.Request.CaseId) ?? RelatedShares.None;
            toDecide.Add(new RequestToDecide(p.Request.Id, p.Request.Version, p.Request.CaseId, p.Reference, Name(p.Request.RequesterStaffMemberId), p.Request.RequestedOn,
                StaffSideReasons.Open(secrets, p.Request.CaseId, p.Request.Id, StaffSideReasons.RequestReasons, p.Request.SealedReasons), shares));
        }

        return new AccessRequestsView(toDecide, mine.Select(m => new OwnRequest(
            m.Request.Id, m.FromReference, m.Request.FromCaseId, m.Request.Status, m.Request.RequestedOn, m.Request.DecidedOn,
            m.Request.DecidedByStaffMemberId is { } by ? Name(by) : null,
            m.Request.SealedDecisionReasons is { } sealedReasons ? StaffSideReasons.Open(secrets, m.Request.CaseId, m.Request.Id, StaffSideReasons.DecisionReasons, sealedReasons) : null,
            nowHeld.ContainsKey(m.Request.CaseId) ? m.Request.CaseId : null, nowHeld.GetValueOrDefault(m.Request.CaseId))).ToList());
    }

    public Task<string?> GrantAsync(Guid requestId, int version, CancellationToken cancellationToken) =>
        DecideAsync(requestId, version, null, async (request, @case, today) =>
        {
            var requester = await db.StaffMembers.AsNoTracking().SingleOrDefaultAsync(
                s => s.Id == request.RequesterStaffMemberId && s.ForceId == @case.ForceId && s.IsActive
                    && db.StaffMemberRoles.Any(r => r.StaffMemberId == s.Id && r.Role == StaffRoles.Handler), cancellationToken);
            if (requester is null)
            {
                return "The person who asked can no longer work cases here. Refuse the request instead.";
            }

            if (await access.OpenCaseKeyAsync(@case.Id, cancellationToken) is not { } caseKey)
            {
                return "Your key could not open this case. Sign out, sign in again and try again.";
            }

            try
            {
                if (!await db.KeyGrants.AnyAsync(g => g.CaseId == @case.Id && g.StaffMemberId == requester.Id && g.Holder == KeyHolder.Staff && g.Purpose == KeyPurpose.CaseContent, cancellationToken)
                    && (await CheckedGrants.ToMemberAsync(db, secrets, @case.Id, KeyPurpose.CaseContent, caseKey, requester, access.StaffMemberId, today, cancellationToken)).Problem is { } problem)
                {
                    return problem + " Refuse the request instead.";
                }
            }
            finally
            {
                CryptographicOperations.ZeroMemory(caseKey);
            }

            request.Status = AccessRequestStatus.Granted;
            @case.Version++;
            await audit.AppendAsync(AuditActions.GrantMade, access.StaffMemberId, @case.Id, $"to {requester.Id:N} on request {request.Id:N}", cancellationToken);
            return null;
        }, cancellationToken);

    public Task<string?> RefuseAsync(Guid requestId, int version, string reasons, CancellationToken cancellationToken) =>
        DecideAsync(requestId, version, reasons, async (request, @case, _) =>
        {
            request.Status = AccessRequestStatus.Refused;
            await audit.AppendAsync(AuditActions.AccessRefused, access.StaffMemberId, @case.Id, $"request {request.Id:N} of {request.RequesterStaffMemberId:N}", cancellationToken);
            return null;
        }, cancellationToken);

    private async Task<string?> DecideAsync(Guid requestId, int version, string? reasons, Func<AccessRequest, Case, DateOnly, Task<string?>> decide, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var request = await db.AccessRequests.SingleOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        var @case = request is null ? null : await access.Workable().SingleOrDefaultAsync(c => c.Id == request.CaseId, cancellationToken);
        if (request is null || @case is null)
        {
            return "That request is not one you can decide.";
        }

        if (request.Version != version || request.Status != AccessRequestStatus.Pending)
        {
            return StaleMessage;
        }

        var today = UkCalendar.Today(time);
        try
        {
            if (await decide(request, @case, today) is { } problem)
            {
                return problem;
            }

            request.DecidedByStaffMemberId = access.StaffMemberId;
            request.DecidedOn = today;
            request.SealedDecisionReasons = reasons is null ? null : StaffSideReasons.Seal(secrets, request.CaseId, request.Id, StaffSideReasons.DecisionReasons, reasons);
            request.Version = version + 1;
            Outbox.Notify(db, NotificationKind.AccessDecided, request.FromCaseId, [request.RequesterStaffMemberId], time);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return StaleMessage;
        }
    }
}
