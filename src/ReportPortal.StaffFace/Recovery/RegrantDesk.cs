using System.Runtime.Serialization;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Database;
using ReportPortal.Core.Staff;
using ReportPortal.Core.Ui;
using ReportPortal.StaffFace.Staff;

namespace ReportPortal.StaffFace.Recovery;

/// <summary>An open case of the force nobody active holds, by reference (never content), and whether a re-grant of it is under way.</summary>
public sealed record UnheldCase(Guid Id, string Reference, bool Requested);

/// <summary>One re-grant request as a custodian sees it.</summary>
public sealed record RegrantRow(Guid Id, int Version, string Reference, string HandlerName, IReadOnlyList<string> Approvers, DateTimeOffset ExpiresAt, string Status, bool CanApprove);

/// <summary>A custodian asking for an unheld case to be given to a handler.</summary>
public sealed class StartRegrantForm
{
    [DataMember(Name = "regrant-case")]
    public string? Case { get; set; }

    [DataMember(Name = "regrant-handler")]
    public string? Handler { get; set; }
}

/// <summary>The approve button posts the request and the version the custodian saw, as "id:version".</summary>
public sealed class ApproveRegrantForm
{
    [DataMember(Name = "regrant-request")]
    public string? Request { get; set; }

    public (Guid Id, int Version)? Parsed => new ApproveRecoveryForm { Request = Request }.Parsed;
}

/// <summary>
/// Custodians' side of re-granting a case whose only holder left (issue 8): one custodian of the force names
/// an unheld open case and an eligible handler (the conflict rule decides who is offered), a different
/// custodian approves, and only then can the operator tool make the grant with the escrow key. Audited in
/// the same transaction as each step.
/// </summary>
public sealed class RegrantDesk(ReportPortalDbContext db, ICurrentStaff current, AuditLog audit, TimeProvider time)
{
    /// <summary>The force's open cases that no active member holds, oldest reference first.</summary>
    public async Task<IReadOnlyList<UnheldCase>> UnheldAsync(CancellationToken cancellationToken)
    {
        if (current.ForceId is not { } forceId)
        {
            return [];
        }

        var now = time.GetUtcNow();
        return await CaseRegrants.Unheld(db, forceId).AsNoTracking()
            .OrderBy(c => c.Reference)
            .Select(c => new UnheldCase(c.Id, c.Reference, db.CaseRegrantRequests.Any(r => r.CaseId == c.Id && r.CompletedAt == null && r.ExpiresAt > now)))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Handlers who may be named for the case: active, set up, of the force, and not kept away by the conflict rule.</summary>
    public async Task<IReadOnlyList<Choice>> HandlersAsync(Guid caseId, CancellationToken cancellationToken) =>
        current.ForceId is { } forceId
            ? await CaseRegrants.EligibleHandlers(db, caseId, forceId, StaffRoles.Handler).AsNoTracking()
                .OrderBy(m => m.DisplayName)
                .Select(m => new Choice(m.Id.ToString(), m.DisplayName + " (" + m.Email + ")", null))
                .ToListAsync(cancellationToken)
            : [];

    /// <summary>The force's re-grant requests, newest first: open ones and those of the last 30 days.</summary>
    public async Task<IReadOnlyList<RegrantRow>> ListAsync(CancellationToken cancellationToken)
    {
        var forceId = current.ForceId;
        var me = current.StaffMemberId;
        var now = time.GetUtcNow();
        var since = now - TimeSpan.FromDays(30);
        var requests = await db.CaseRegrantRequests.AsNoTracking()
            .Where(r => r.ForceId == forceId && (r.CompletedAt == null ? r.ExpiresAt > since : r.CompletedAt > since))
            .OrderByDescending(r => r.RequestedAt)
            .Join(db.Cases, r => r.CaseId, c => c.Id, (r, c) => new { Request = r, c.Reference })
            .ToListAsync(cancellationToken);
        var ids = requests.SelectMany(r => new[] { r.Request.HandlerStaffMemberId, r.Request.RequestedByStaffMemberId, r.Request.ApprovedByStaffMemberId ?? Guid.Empty }).Distinct().ToList();
        var names = await db.StaffMembers.AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.DisplayName, cancellationToken);
        return requests.Select(x =>
        {
            var r = x.Request;
            var status = CaseRegrants.Status(r, now);
            var approvers = r.ApprovedByStaffMemberId is { } second ? new[] { names[r.RequestedByStaffMemberId], names[second] } : [names[r.RequestedByStaffMemberId]];
            return new RegrantRow(r.Id, r.Version, x.Reference, names[r.HandlerStaffMemberId], approvers, r.ExpiresAt, status,
                status == CaseRegrants.AwaitingApproval && r.RequestedByStaffMemberId != me);
        }).ToList();
    }

    public async Task<bool> StartAsync(StartRegrantForm form, FormErrors errors, CancellationToken cancellationToken)
    {
        var me = current.StaffMemberId;
        var caseId = Guid.TryParse(form.Case, out var c) ? c : Guid.Empty;
        var handlerId = Guid.TryParse(form.Handler, out var h) ? h : Guid.Empty;
        if (current.ForceId is not { } forceId || !await CaseRegrants.Unheld(db, forceId).AnyAsync(x => x.Id == caseId, cancellationToken))
        {
            errors.Add("regrant-case", "Choose a case from the list of cases nobody holds");
            return false;
        }

        if (!await CaseRegrants.EligibleHandlers(db, caseId, forceId, StaffRoles.Handler).AnyAsync(m => m.Id == handlerId, cancellationToken))
        {
            errors.Add("regrant-handler", "Choose a handler from the list: someone named in the report or who declared a conflict can never be given the case");
            return false;
        }

        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // One open request per case: serialised per case so two custodians starting at once make one.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"regrant/" + caseId.ToString("N")}, 0))", cancellationToken);
        if (await db.CaseRegrantRequests.AnyAsync(r => r.CaseId == caseId && r.CompletedAt == null && r.ExpiresAt > now, cancellationToken))
        {
            errors.Add("regrant-case", "A re-grant of this case is waiting already: approve that one, or wait for it to expire");
            return false;
        }

        var request = new CaseRegrantRequest
        {
            CaseId = caseId,
            ForceId = forceId,
            HandlerStaffMemberId = handlerId,
            RequestedByStaffMemberId = me,
            RequestedAt = now,
            ExpiresAt = now + StaffRecoveries.Lifetime,
        };
        db.CaseRegrantRequests.Add(request);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(AuditActions.CaseRegrantRequested, me, caseId, $"staff {handlerId:N}: re-grant {request.Id:N} started and approved", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> ApproveAsync(ApproveRegrantForm form, FormErrors errors, CancellationToken cancellationToken)
    {
        const string field = "regrant-requests";
        var me = current.StaffMemberId;
        var forceId = current.ForceId;
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var request = form.Parsed is { } posted
            ? await db.CaseRegrantRequests.SingleOrDefaultAsync(r => r.Id == posted.Id && r.ForceId == forceId, cancellationToken)
            : null;
        if (request is null)
        {
            errors.Add(field, "That re-grant request was not found: choose one from the list");
            return false;
        }

        var problem = request.Version != form.Parsed!.Value.Version ? RecoveryDesk.StaleMessage
            : request.RequestedByStaffMemberId == me ? "You started this re-grant: a different custodian must give the second approval"
            : CaseRegrants.Status(request, now) != CaseRegrants.AwaitingApproval ? "This request is no longer waiting for approval"
            : null;
        if (problem is not null)
        {
            errors.Add(field, problem);
            return false;
        }

        request.ApprovedByStaffMemberId = me;
        request.ApprovedAt = now;
        request.Version++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            errors.Add(field, RecoveryDesk.StaleMessage);
            return false;
        }

        await audit.AppendAsync(AuditActions.CaseRegrantApproved, me, request.CaseId, $"staff {request.HandlerStaffMemberId:N}: re-grant {request.Id:N} approved", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
