using System.Runtime.Serialization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Database;
using ReportPortal.Core.Staff;
using ReportPortal.Core.Ui;
using ReportPortal.StaffFace.Administration;
using ReportPortal.StaffFace.Staff;

namespace ReportPortal.StaffFace.Recovery;

/// <summary>One recovery request as a custodian sees it: who, who approved, and whether they may approve it now.</summary>
public sealed record RecoveryRow(Guid Id, int Version, string MemberName, IReadOnlyList<string> Approvers, DateTimeOffset ExpiresAt, string Status, bool CanApprove);

/// <summary>A custodian starting a recovery: whose, and that they checked it is really that person asking.</summary>
public sealed class StartRecoveryForm
{
    [DataMember(Name = "member")]
    public string? Member { get; set; }

    [DataMember(Name = "checked")]
    public string? Checked { get; set; }
}

/// <summary>The approve button posts the request and the version the custodian saw, as "id:version".</summary>
public sealed class ApproveRecoveryForm
{
    [DataMember(Name = "request")]
    public string? Request { get; set; }

    public (Guid Id, int Version)? Parsed =>
        Request?.Split(':') is [var id, var version] && Guid.TryParse(id, out var guid) && int.TryParse(version, System.Globalization.CultureInfo.InvariantCulture, out var v)
            ? (guid, v)
            : null;
}

/// <summary>
/// Custodians' side of staff recovery (DESIGN §3): a custodian of the member's force starts a request (that
/// is their approval), a different custodian approves it, and only then can the operator tool carry it out
/// with the escrow key. Nobody approves their own recovery; a request expires after
/// <see cref="StaffRecoveries.Lifetime"/>. Every step is audited in the same transaction as the change.
/// </summary>
public sealed class RecoveryDesk(ReportPortalDbContext db, ICurrentStaff current, AuditLog audit, TimeProvider time)
{
    public const string StaleMessage = "This request changed after you opened this page. Nothing was saved: check it as it is now and try again.";

    /// <summary>Active accounts of the custodian's own force (national custodians: national accounts).</summary>
    private IQueryable<StaffMember> Colleagues
    {
        get
        {
            var forceId = current.ForceId;
            return db.StaffMembers.Where(m => m.ForceId == forceId && m.IsActive);
        }
    }

    /// <summary>Set-up colleagues other than the custodian: the people whose recovery they may start.</summary>
    public async Task<IReadOnlyList<Choice>> MembersAsync(CancellationToken cancellationToken)
    {
        var me = current.StaffMemberId;
        return await Colleagues.AsNoTracking().Where(m => m.Id != me && m.TwoFactorEnabled)
            .OrderBy(m => m.DisplayName)
            .Select(m => new Choice(m.Id.ToString(), m.DisplayName + " (" + m.Email + ")", null))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The force's requests, newest first: open ones and those of the last 30 days.</summary>
    public async Task<IReadOnlyList<RecoveryRow>> ListAsync(CancellationToken cancellationToken)
    {
        var forceId = current.ForceId;
        var me = current.StaffMemberId;
        var now = time.GetUtcNow();
        var since = now - TimeSpan.FromDays(30);
        var requests = await db.StaffRecoveryRequests.AsNoTracking().Include(r => r.Approvals)
            .Where(r => r.ForceId == forceId && (r.CompletedAt == null ? r.ExpiresAt > since : r.CompletedAt > since))
            .OrderByDescending(r => r.RequestedAt)
            .ToListAsync(cancellationToken);
        var ids = requests.SelectMany(r => r.Approvals.Select(a => a.CustodianStaffMemberId).Append(r.StaffMemberId)).Distinct().ToList();
        var names = await db.StaffMembers.AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.DisplayName, cancellationToken);
        return requests.Select(r =>
        {
            var status = StaffRecoveries.Status(r, r.Approvals.Count, now);
            var canApprove = status == StaffRecoveries.AwaitingApproval && r.StaffMemberId != me && r.Approvals.All(a => a.CustodianStaffMemberId != me);
            return new RecoveryRow(r.Id, r.Version, names[r.StaffMemberId],
                r.Approvals.OrderBy(a => a.ApprovedAt).Select(a => names[a.CustodianStaffMemberId]).ToList(), r.ExpiresAt, status, canApprove);
        }).ToList();
    }

    public async Task<bool> StartAsync(StartRecoveryForm form, FormErrors errors, CancellationToken cancellationToken)
    {
        var me = current.StaffMemberId;
        var memberId = Guid.TryParse(form.Member, out var id) ? id : Guid.Empty;
        var member = await Colleagues.AsNoTracking().SingleOrDefaultAsync(m => m.Id == memberId && m.TwoFactorEnabled, cancellationToken);
        if (memberId == me)
        {
            errors.Add("member", "You cannot start your own recovery: two other custodians of your force must do it");
        }
        else if (member is null)
        {
            errors.Add("member", "Choose the member of staff who lost their password");
        }

        if (form.Checked != YesNo.Yes)
        {
            errors.Add("checked", "Confirm that you checked it is really them asking, and that they lost their password");
        }

        if (errors.Any || member is null)
        {
            return false;
        }

        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // One open request per member: serialised per member so two custodians starting at once make one.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"recovery/" + member.Id.ToString("N")}, 0))", cancellationToken);
        if (await db.StaffRecoveryRequests.AnyAsync(r => r.StaffMemberId == member.Id && r.CompletedAt == null && r.ExpiresAt > now, cancellationToken))
        {
            errors.Add("member", $"A recovery of {member.DisplayName} is waiting already: approve that one below, or wait for it to expire");
            return false;
        }

        var request = new StaffRecoveryRequest
        {
            StaffMemberId = member.Id,
            ForceId = member.ForceId,
            RequestedByStaffMemberId = me,
            RequestedAt = now,
            ExpiresAt = now + StaffRecoveries.Lifetime,
        };
        request.Approvals.Add(new StaffRecoveryApproval { RequestId = request.Id, CustodianStaffMemberId = me, ApprovedAt = now });
        db.StaffRecoveryRequests.Add(request);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(AuditActions.StaffRecoveryRequested, me, null, $"staff {member.Id:N}: recovery {request.Id:N} started and approved", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> ApproveAsync(ApproveRecoveryForm form, FormErrors errors, CancellationToken cancellationToken)
    {
        const string field = "requests";
        var me = current.StaffMemberId;
        var forceId = current.ForceId;
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var request = form.Parsed is { } posted
            ? await db.StaffRecoveryRequests.Include(r => r.Approvals).SingleOrDefaultAsync(r => r.Id == posted.Id && r.ForceId == forceId, cancellationToken)
            : null;
        if (request is null)
        {
            errors.Add(field, "That recovery request was not found: choose one from the list");
            return false;
        }

        if (request.Version != form.Parsed!.Value.Version)
        {
            errors.Add(field, StaleMessage);
            return false;
        }

        var problem = request.StaffMemberId == me ? "You cannot approve your own recovery: two other custodians of your force must"
            : request.Approvals.Any(a => a.CustodianStaffMemberId == me) ? "You approved this recovery already: a different custodian must give the second approval"
            : StaffRecoveries.Status(request, request.Approvals.Count, now) != StaffRecoveries.AwaitingApproval ? "This request is no longer waiting for approval"
            : null;
        if (problem is not null)
        {
            errors.Add(field, problem);
            return false;
        }

        db.StaffRecoveryApprovals.Add(new StaffRecoveryApproval { RequestId = request.Id, CustodianStaffMemberId = me, ApprovedAt = now });
        request.Version++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            errors.Add(field, StaleMessage);
            return false;
        }

        await audit.AppendAsync(AuditActions.StaffRecoveryApproved, me, null, $"staff {request.StaffMemberId:N}: recovery {request.Id:N} approved", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}

public static class RecoverySetup
{
    public const string Path = "/staff/recovery";

    public static IServiceCollection AddRecovery(this IServiceCollection services) => services.AddScoped<RecoveryDesk>().AddScoped<RegrantDesk>();
}
