using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;
using ReportPortal.Core.Disclosure;
using ReportPortal.Core.Notifications;
using ReportPortal.Core.Staff;
using ReportPortal.Crypto;
using ReportPortal.StaffFace.Cases;
using ReportPortal.StaffFace.Secrets;
using ReportPortal.StaffFace.Staff;

namespace ReportPortal.StaffFace.Disclosure;

public sealed record DisclosureSummary(
    Guid Id, string CaseReference, string RequesterName, DisclosureStatus Status, DateOnly RequestedOn, DateOnly? ReleaseOn,
    int Approvals, int ApprovalsRequired, bool DecidedByMe, bool MadeByMe);

public sealed record DecisionView(string CustodianName, bool Approved, bool RiskToLife, DateOnly DecidedOn, string Reasons);

public sealed record DisclosureView(
    DisclosureRequest Request,
    string CaseReference,
    string RequesterName,
    string Reasons,
    IReadOnlyList<DecisionView> Decisions,
    string? WithdrawnBy,
    string? WithdrawalReasons,
    bool IsRequester,
    bool CanDecide,
    bool CanWithdraw,
    int ReporterMessagesSinceNotice,
    ReporterIdentity? Identity);

/// <summary>What the case page needs: whether the reporter is confidential, and the member's own requests about them.</summary>
public sealed record CaseDisclosure(bool Confidential, bool CanAsk, IReadOnlyList<DisclosureSummary> Mine);

/// <summary>
/// Asking to see a confidential reporter's identity, and the custodians' decisions (DESIGN §1, §3;
/// docs/disclosure.md). A handler who holds the case asks with reasons; custodians of the same force who
/// hold the identity key, other than the requester, approve or refuse with reasons; the force says how many
/// must approve. On the last approval the custodian's own identity grant is opened in their session,
/// wrapped to the requester's pinned public key and held under the hold key until the release day, which
/// is the force's notice days away unless every approving custodian recorded a risk to life. Every step is
/// audited and each person who must act next is told through the outbox.
/// </summary>
public sealed class DisclosureDesk(
    ReportPortalDbContext db, ICurrentStaff staff, CaseAccess cases, DisclosureHold hold, DisclosureRelease release,
    StaffSecrets secrets, AuditLog audit, TimeProvider time)
{
    public const int MaxReasonsLength = 2_000;

    /// <summary>A desk for the member signed in on this request, working through the given scope's own DbContext.</summary>
    public static DisclosureDesk Create(IServiceProvider scope, ICurrentStaff staff) =>
        ActivatorUtilities.CreateInstance<DisclosureDesk>(scope, staff, ActivatorUtilities.CreateInstance<CaseAccess>(scope, staff));

    /// <summary>Whether the case is one the member may ask about, and their own requests on it.</summary>
    public async Task<CaseDisclosure?> ForCaseAsync(Guid caseId, CancellationToken cancellationToken)
    {
        var @case = await cases.Workable().AsNoTracking().Where(c => c.Id == caseId)
            .Select(c => new { c.IdentityMode, HasIdentity = c.SealedReporterIdentity != null }).SingleOrDefaultAsync(cancellationToken);
        if (@case is null)
        {
            return null;
        }

        await release.ReleaseDueAsync(caseId, cancellationToken);
        var mine = await Summaries(db.DisclosureRequests.Where(r => r.CaseId == caseId && r.RequestedByStaffMemberId == staff.StaffMemberId))
            .ToListAsync(cancellationToken);
        var confidential = @case.IdentityMode == IdentityMode.Confidential && @case.HasIdentity;
        return new CaseDisclosure(confidential, confidential && !mine.Any(r => DisclosureFields.Open.Contains(r.Status)), mine);
    }

    /// <summary>A handler asks; the reasons are sealed for staff under the hold key and for the reporter under the case key.</summary>
    public async Task<(CaseActionResult Result, Guid? RequestId)> RequestAsync(Guid caseId, string? reasons, CancellationToken cancellationToken)
    {
        var @case = await cases.Workable().AsNoTracking().SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (@case is null)
        {
            return (CaseActionResult.NotFound, null);
        }

        if (@case.IdentityMode != IdentityMode.Confidential || @case.SealedReporterIdentity is null)
        {
            return (CaseActionResult.Refused("Only a confidential reporter's identity is kept from handlers: there is nothing to ask for on this case."), null);
        }

        if (ReasonsProblem(reasons) is { } problem)
        {
            return (CaseActionResult.Refused(problem), null);
        }

        var me = staff.StaffMemberId;
        if (await db.DisclosureRequests.AnyAsync(r => r.CaseId == caseId && r.RequestedByStaffMemberId == me && DisclosureFields.Open.Contains(r.Status), cancellationToken))
        {
            return (CaseActionResult.Refused("You already have a request about this reporter waiting. Follow it from the case page."), null);
        }

        var caseKey = await cases.OpenCaseKeyAsync(caseId, cancellationToken);
        if (caseKey is null)
        {
            return (CaseActionResult.NotFound, null);
        }

        var approvals = await db.Forces.Where(f => f.Id == @case.ForceId).Select(f => f.Clocks.DisclosureApprovals).SingleAsync(cancellationToken);
        var request = new DisclosureRequest
        {
            CaseId = caseId,
            ForceId = @case.ForceId,
            RequestedByStaffMemberId = me,
            RequestedOn = UkCalendar.Today(time),
            ApprovalsRequired = approvals,
            SealedReasons = [],
            SealedReporterNotice = [],
        };
        try
        {
            request.SealedReasons = hold.SealText(caseId, request.Id, DisclosureFields.Reasons, reasons!);
            request.SealedReporterNotice = Sealer.SealText(caseKey, reasons!, new SealContext(caseId, request.Id, DisclosureFields.ReporterNotice));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(caseKey);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.DisclosureRequests.Add(request);
        Outbox.Notify(db, NotificationKind.DisclosureRequested, caseId, await CustodianIdsAsync(caseId, @case.ForceId, except: me, cancellationToken), time);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(AuditActions.DisclosureRequested, me, caseId, $"request {request.Id:N}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (CaseActionResult.Done, request.Id);
    }

    /// <summary>The custodian's queue: their force's requests waiting for a decision, then those approved and waiting for their release day.</summary>
    public async Task<IReadOnlyList<DisclosureSummary>> QueueAsync(CancellationToken cancellationToken)
    {
        if (!staff.IsInRole(StaffRoles.Custodian) || staff.ForceId is not { } forceId)
        {
            return [];
        }

        await release.ReleaseDueAsync(null, cancellationToken);
        var me = staff.StaffMemberId;
        var queue = await Summaries(db.DisclosureRequests.Where(r => r.ForceId == forceId && DisclosureFields.Open.Contains(r.Status)
                && db.KeyGrants.Any(g => g.CaseId == r.CaseId && g.StaffMemberId == me && g.Holder == KeyHolder.Staff && g.Purpose == KeyPurpose.ReporterIdentity)))
            .ToListAsync(cancellationToken);
        return [.. queue.OrderBy(r => r.Status == DisclosureStatus.Approved).ThenBy(r => r.Status == DisclosureStatus.Approved ? r.ReleaseOn : r.RequestedOn)];
    }

    /// <summary>One request, for its requester or a custodian who may decide it; null (not found) for anyone else.</summary>
    public async Task<DisclosureView?> ViewAsync(Guid requestId, CancellationToken cancellationToken)
    {
        var found = await db.DisclosureRequests.AsNoTracking().Select(r => new { r.Id, r.CaseId }).SingleOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        if (found is null)
        {
            return null;
        }

        await release.ReleaseDueAsync(found.CaseId, cancellationToken);
        var request = await db.DisclosureRequests.AsNoTracking().Include(r => r.Decisions).SingleAsync(r => r.Id == requestId, cancellationToken);
        var isRequester = IsRequester(request);
        var isCustodian = await IsCustodianOfAsync(request, cancellationToken);
        if (!isRequester && !isCustodian)
        {
            return null;
        }

        var me = staff.StaffMemberId;
        var people = request.Decisions.Select(d => d.StaffMemberId).Append(request.RequestedByStaffMemberId)
            .Concat(request.WithdrawnByStaffMemberId is { } w ? [w] : []).Distinct().ToList();
        var names = await db.StaffMembers.AsNoTracking().Where(s => people.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.DisplayName, cancellationToken);
        var reference = await db.Cases.Where(c => c.Id == request.CaseId).Select(c => c.Reference).SingleAsync(cancellationToken);
        var decisions = request.Decisions.OrderBy(d => d.DecidedOn).ThenBy(d => d.Id)
            .Select(d => new DecisionView(names[d.StaffMemberId], d.Approved, d.RiskToLife, d.DecidedOn,
                hold.OpenText(request.CaseId, d.Id, DisclosureFields.DecisionReasons, d.SealedReasons)))
            .ToList();
        var repliesSince = request.DecidedOn is { } told && request.Status != DisclosureStatus.Refused
            ? await db.CaseMessages.CountAsync(m => m.CaseId == request.CaseId && m.Author == MessageAuthor.Reporter && m.SentOn >= told, cancellationToken)
            : 0;
        return new DisclosureView(
            request,
            reference,
            names[request.RequestedByStaffMemberId],
            hold.OpenText(request.CaseId, request.Id, DisclosureFields.Reasons, request.SealedReasons),
            decisions,
            request.WithdrawnByStaffMemberId is { } by ? names[by] : null,
            request.SealedWithdrawalReasons is { } sealedWithdrawal ? hold.OpenText(request.CaseId, request.Id, DisclosureFields.WithdrawalReasons, sealedWithdrawal) : null,
            isRequester,
            isCustodian && request.Status == DisclosureStatus.AwaitingDecision && request.Decisions.All(d => d.StaffMemberId != me),
            isCustodian && request.Status == DisclosureStatus.Approved,
            repliesSince,
            isRequester && request.Status == DisclosureStatus.Released ? await OpenIdentityAsync(request, cancellationToken) : null);
    }

    /// <summary>A custodian approves or refuses. Refusal ends the request; the last approval needed sets the release day.</summary>
    public async Task<CaseActionResult> DecideAsync(Guid requestId, int version, bool approve, string? reasons, bool riskToLife, CancellationToken cancellationToken)
    {
        var request = await db.DisclosureRequests.Include(r => r.Decisions).SingleOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        if (request is null || !await IsCustodianOfAsync(request, cancellationToken))
        {
            return CaseActionResult.NotFound;
        }

        var me = staff.StaffMemberId;
        if (request.Version != version)
        {
            return CaseActionResult.Stale;
        }

        if (request.Status != DisclosureStatus.AwaitingDecision || request.Decisions.Any(d => d.StaffMemberId == me))
        {
            return CaseActionResult.Refused("This request is no longer waiting for your decision.");
        }

        if (ReasonsProblem(reasons) is { } problem)
        {
            return CaseActionResult.Refused(problem);
        }

        if (riskToLife && !approve)
        {
            return CaseActionResult.Refused("A risk to life is recorded only with an approval.");
        }

        var today = UkCalendar.Today(time);
        var decision = new DisclosureDecision { RequestId = request.Id, StaffMemberId = me, Approved = approve, RiskToLife = riskToLife, DecidedOn = today, SealedReasons = [] };
        decision.SealedReasons = hold.SealText(request.CaseId, decision.Id, DisclosureFields.DecisionReasons, reasons!);
        request.Decisions.Add(decision);
        request.Version++;
        string action;
        string detail;
        if (!approve)
        {
            request.Status = DisclosureStatus.Refused;
            request.DecidedOn = today;
            (action, detail) = (AuditActions.DisclosureRefused, $"request {request.Id:N}");
        }
        else if (request.Decisions.Count(d => d.Approved) < request.ApprovalsRequired)
        {
            (action, detail) = (AuditActions.DisclosureApproved, $"request {request.Id:N}; {request.Decisions.Count(d => d.Approved)} of {request.ApprovalsRequired} approvals");
        }
        else if (await ApproveAsync(request, today, cancellationToken) is { } refused)
        {
            db.ChangeTracker.Clear();
            return CaseActionResult.Refused(refused);
        }
        else
        {
            (action, detail) = (AuditActions.DisclosureApproved, $"request {request.Id:N}; release on {request.ReleaseOn:yyyy-MM-dd}{(request.RiskToLife ? "; risk to life" : null)}");
        }

        return await SaveAsync(request, action, detail, tellRequester: request.Status != DisclosureStatus.AwaitingDecision, cancellationToken);
    }

    /// <summary>A custodian withdraws an approval before the release day: the held grant is destroyed.</summary>
    public async Task<CaseActionResult> WithdrawAsync(Guid requestId, int version, string? reasons, CancellationToken cancellationToken)
    {
        var request = await db.DisclosureRequests.SingleOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        if (request is null || !await IsCustodianOfAsync(request, cancellationToken))
        {
            return CaseActionResult.NotFound;
        }

        if (request.Version != version)
        {
            return CaseActionResult.Stale;
        }

        if (request.Status != DisclosureStatus.Approved)
        {
            return CaseActionResult.Refused("Only an approval still waiting for its release day can be withdrawn.");
        }

        if (ReasonsProblem(reasons) is { } problem)
        {
            return CaseActionResult.Refused(problem);
        }

        request.Status = DisclosureStatus.Withdrawn;
        request.WithdrawnOn = UkCalendar.Today(time);
        request.WithdrawnByStaffMemberId = staff.StaffMemberId;
        request.SealedWithdrawalReasons = hold.SealText(request.CaseId, request.Id, DisclosureFields.WithdrawalReasons, reasons!);
        DisclosureHold.Forget(request);
        request.Version++;
        return await SaveAsync(request, AuditActions.DisclosureWithdrawn, $"request {request.Id:N}", tellRequester: true, cancellationToken);
    }

    public static string? ReasonsProblem(string? reasons) => string.IsNullOrEmpty(reasons)
        ? "Write your reasons"
        : reasons.Length > MaxReasonsLength ? $"Your reasons must be {MaxReasonsLength:N0} characters or fewer" : null;

    /// <summary>
    /// The last approval: the custodian's session opens their identity grant, wraps the key to the requester's
    /// pinned public key and holds that grant back until the release day (today only for a risk to life).
    /// </summary>
    private async Task<string?> ApproveAsync(DisclosureRequest request, DateOnly today, CancellationToken cancellationToken)
    {
        var requester = await db.StaffMembers.AsNoTracking().SingleAsync(s => s.Id == request.RequestedByStaffMemberId, cancellationToken);
        if (!requester.IsActive)
        {
            return "The member of staff who asked no longer has an active account: refuse the request instead.";
        }

        var identityKey = await OpenIdentityKeyAsync(request.CaseId, cancellationToken);
        if (identityKey is null)
        {
            return "Your key could not open this reporter's identity key. Sign out, sign in again and retry.";
        }

        try
        {
            var publicKey = StaffKeys.VerifiedPublicKey(requester, secrets.KeyPinKey);
            var grant = CaseGrants.ToPublicKey(request.CaseId, KeyPurpose.ReporterIdentity, KeyHolder.Staff, identityKey, publicKey, secrets.Retention, today);
            hold.Hold(request, grant);
        }
        catch (CryptographicException)
        {
            return "The requester's key failed its check. Ask an administrator.";
        }
        finally
        {
            CryptographicOperations.ZeroMemory(identityKey);
        }

        var noticeDays = await db.Forces.Where(f => f.Id == request.ForceId).Select(f => f.Clocks.DisclosureNoticeDays).SingleAsync(cancellationToken);
        request.RiskToLife = request.Decisions.Where(d => d.Approved).All(d => d.RiskToLife);
        request.Status = DisclosureStatus.Approved;
        request.DecidedOn = today;
        request.ReleaseOn = today.AddDays(request.RiskToLife ? 0 : noticeDays);
        request.HeldGrantedByStaffMemberId = staff.StaffMemberId;
        return null;
    }

    private async Task<CaseActionResult> SaveAsync(DisclosureRequest request, string action, string detail, bool tellRequester, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (tellRequester)
        {
            Outbox.Notify(db, NotificationKind.DisclosureDecided, request.CaseId, [request.RequestedByStaffMemberId], time);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another custodian decided at the same moment (the version, or their decision row, got there first).
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return CaseActionResult.Stale;
        }

        await audit.AppendAsync(action, staff.StaffMemberId, request.CaseId, detail, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        // A risk-to-life approval is released at once, by the same pass that releases any other due approval.
        await release.ReleaseDueAsync(request.CaseId, cancellationToken);
        return CaseActionResult.Done;
    }

    private bool IsRequester(DisclosureRequest request) =>
        request.RequestedByStaffMemberId == staff.StaffMemberId && staff.IsInRole(StaffRoles.Handler) && staff.ForceId == request.ForceId;

    /// <summary>A custodian of the request's force who holds the case's identity key and did not ask for it themselves.</summary>
    private async Task<bool> IsCustodianOfAsync(DisclosureRequest request, CancellationToken cancellationToken)
    {
        var me = staff.StaffMemberId;
        return staff.IsInRole(StaffRoles.Custodian) && staff.ForceId == request.ForceId && request.RequestedByStaffMemberId != me
            && await db.KeyGrants.AnyAsync(g => g.CaseId == request.CaseId && g.StaffMemberId == me && g.Holder == KeyHolder.Staff && g.Purpose == KeyPurpose.ReporterIdentity, cancellationToken);
    }

    private async Task<List<Guid>> CustodianIdsAsync(Guid caseId, Guid forceId, Guid except, CancellationToken cancellationToken) =>
        await db.KeyGrants.Where(g => g.CaseId == caseId && g.Holder == KeyHolder.Staff && g.Purpose == KeyPurpose.ReporterIdentity && g.StaffMemberId != null && g.StaffMemberId != except)
            .Where(g => db.StaffMembers.Any(s => s.Id == g.StaffMemberId && s.ForceId == forceId && s.IsActive
                && db.StaffMemberRoles.Any(r => r.StaffMemberId == s.Id && r.Role == StaffRoles.Custodian)))
            .Select(g => g.StaffMemberId!.Value)
            .ToListAsync(cancellationToken);

    /// <summary>The identity key through the member's own identity grant and private key; null if either is missing.</summary>
    private async Task<byte[]?> OpenIdentityKeyAsync(Guid caseId, CancellationToken cancellationToken)
    {
        var me = staff.StaffMemberId;
        var grant = await db.KeyGrants.AsNoTracking().FirstOrDefaultAsync(
            g => g.CaseId == caseId && g.StaffMemberId == me && g.Holder == KeyHolder.Staff && g.Purpose == KeyPurpose.ReporterIdentity, cancellationToken);
        using var key = grant is null ? null : staff.UnlockPrivateKey();
        if (grant is null || key is null)
        {
            return null;
        }

        try
        {
            return CaseGrants.OpenWithPrivateKey(grant, key, secrets.Retention);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The released identity, for its requester; each opening is audited.</summary>
    private async Task<ReporterIdentity?> OpenIdentityAsync(DisclosureRequest request, CancellationToken cancellationToken)
    {
        var caseId = request.CaseId;
        var identityKey = await OpenIdentityKeyAsync(caseId, cancellationToken);
        if (identityKey is null)
        {
            return null;
        }

        try
        {
            await audit.AppendAsync(AuditActions.DisclosureIdentityViewed, staff.StaffMemberId, caseId, $"request {request.Id:N}", cancellationToken);
            var sealedIdentity = await db.Cases.Where(c => c.Id == caseId).Select(c => c.SealedReporterIdentity).SingleAsync(cancellationToken);
            return SealedFields.OpenRecord<ReporterIdentity>(identityKey, sealedIdentity!, new SealContext(caseId, caseId, SealedFields.ReporterIdentity));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(identityKey);
        }
    }

    private IQueryable<DisclosureSummary> Summaries(IQueryable<DisclosureRequest> requests)
    {
        var me = staff.StaffMemberId;
        return requests.AsNoTracking()
            .OrderByDescending(r => r.RequestedOn).ThenBy(r => r.Id)
            .Select(r => new DisclosureSummary(
                r.Id,
                db.Cases.Where(c => c.Id == r.CaseId).Select(c => c.Reference).Single(),
                db.StaffMembers.Where(s => s.Id == r.RequestedByStaffMemberId).Select(s => s.DisplayName).Single(),
                r.Status,
                r.RequestedOn,
                r.ReleaseOn,
                r.Decisions.Count(d => d.Approved),
                r.ApprovalsRequired,
                r.Decisions.Any(d => d.StaffMemberId == me),
                r.RequestedByStaffMemberId == me));
    }
}
