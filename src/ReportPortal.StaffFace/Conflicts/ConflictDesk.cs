using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;
using ReportPortal.Core.Notifications;
using ReportPortal.StaffFace.Related;
using ReportPortal.StaffFace.Secrets;
using ReportPortal.StaffFace.Staff;

namespace ReportPortal.StaffFace.Conflicts;

public sealed record DeclaredConflict(string Reference, DateOnly DeclaredOn, string Reason);

/// <summary>
/// Any member of staff may declare a conflict of interest in a case of their force, by its reference. The
/// declaration is kept for good: every grant of every purpose they hold for the case is deleted, they stop
/// being its assignee, and <see cref="ConflictRule"/> refuses them any later grant. The answer is the same
/// whether or not the reference is a case of their force, so the form tells nobody which references exist.
/// </summary>
public sealed class ConflictDesk(ReportPortalDbContext db, ICurrentStaff staff, StaffSecrets secrets, AuditLog audit, TimeProvider time)
{
    public async Task<IReadOnlyList<DeclaredConflict>> MineAsync(CancellationToken cancellationToken)
    {
        var me = staff.StaffMemberId;
        var rows = await db.ConflictDeclarations.AsNoTracking().Where(d => d.StaffMemberId == me)
            .Join(db.Cases, d => d.CaseId, c => c.Id, (d, c) => new { d.Id, d.CaseId, c.Reference, d.DeclaredOn, d.SealedReason })
            .OrderByDescending(d => d.DeclaredOn).ThenBy(d => d.Reference).ToListAsync(cancellationToken);
        return rows.Select(r => new DeclaredConflict(r.Reference, r.DeclaredOn,
            StaffSideReasons.Open(secrets, r.CaseId, r.Id, StaffSideReasons.ConflictReason, r.SealedReason))).ToList();
    }

    /// <summary>Null when done (or when there is no such case: the same answer); otherwise what to fix.</summary>
    public async Task<string?> DeclareAsync(string reference, string reason, CancellationToken cancellationToken)
    {
        var me = staff.StaffMemberId;
        var wanted = reference.Trim().ToUpperInvariant();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var @case = staff.ForceId is { } forceId
            ? await db.Cases.SingleOrDefaultAsync(c => c.Reference == wanted && c.ForceId == forceId, cancellationToken)
            : null;
        if (@case is null || await db.ConflictDeclarations.AnyAsync(d => d.CaseId == @case.Id && d.StaffMemberId == me, cancellationToken))
        {
            return null;
        }

        var today = UkCalendar.Today(time);
        var mine = await db.KeyGrants.Where(g => g.CaseId == @case.Id && g.Holder == KeyHolder.Staff && g.StaffMemberId == me).ToListAsync(cancellationToken);
        var handedTo = new List<Guid>();
        if (mine.FirstOrDefault(g => g.Purpose == KeyPurpose.CaseContent) is { } own
            && !await db.KeyGrants.AnyAsync(g => g.CaseId == @case.Id && g.Holder == KeyHolder.Staff && g.Purpose == KeyPurpose.CaseContent && g.StaffMemberId != me, cancellationToken))
        {
            // The last staff holder steps away: the case goes to the force's other intake handlers first, so
            // it is never left with no one on the staff side who can open it.
            if (await HandOverAsync(@case, own, today, cancellationToken) is not { Count: > 0 } handed)
            {
                return "You are the only person who can open this case, and no one else in your force can be given it. " +
                    "Ask an administrator to add a handler, then declare again.";
            }

            handedTo.AddRange(handed);
        }

        var declaration = new ConflictDeclaration { CaseId = @case.Id, StaffMemberId = me, DeclaredOn = today, SealedReason = [] };
        declaration.SealedReason = StaffSideReasons.Seal(secrets, @case.Id, declaration.Id, StaffSideReasons.ConflictReason, reason);
        db.ConflictDeclarations.Add(declaration);
        db.KeyGrants.RemoveRange(mine);
        if (@case.AssigneeStaffMemberId == me)
        {
            @case.AssigneeStaffMemberId = null;
        }

        @case.Version++;
        Outbox.CaseGranted(db, @case.Id, handedTo, time);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(AuditActions.ConflictDeclared, me, @case.Id, null, cancellationToken);
        foreach (var grant in mine)
        {
            await audit.AppendAsync(AuditActions.GrantRemoved, me, @case.Id, $"from {me:N} ({StoredNames.Purpose[grant.Purpose]}): conflict declared", cancellationToken);
        }

        foreach (var member in handedTo)
        {
            await audit.AppendAsync(AuditActions.GrantMade, me, @case.Id, $"to {member:N}: handed over on a conflict", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    private async Task<List<Guid>?> HandOverAsync(Case @case, KeyGrant own, DateOnly today, CancellationToken cancellationToken)
    {
        using var key = staff.UnlockPrivateKey();
        if (key is null)
        {
            return null;
        }

        byte[] caseKey;
        try
        {
            caseKey = CaseGrants.OpenWithPrivateKey(own, key, secrets.Retention);
        }
        catch (CryptographicException)
        {
            return null;
        }

        try
        {
            var me = staff.StaffMemberId;
            var handlers = await ConflictRule.Eligible(db, @case.Id)
                .Where(s => s.ForceId == @case.ForceId && s.Id != me && s.IsActive && s.IsIntakeHandler
                    && db.StaffMemberRoles.Any(r => r.StaffMemberId == s.Id && r.Role == StaffRoles.Handler))
                .AsNoTracking().ToListAsync(cancellationToken);
            var handed = new List<Guid>();
            foreach (var handler in handlers)
            {
                if ((await CheckedGrants.ToMemberAsync(db, secrets, @case.Id, KeyPurpose.CaseContent, caseKey, handler, me, today, cancellationToken)).Grant is not null)
                {
                    handed.Add(handler.Id);
                }
            }

            return handed;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(caseKey);
        }
    }
}
