using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;
using ReportPortal.Core.Staff;
using ReportPortal.Core.Ui;
using ReportPortal.StaffFace.Secrets;
using ReportPortal.StaffFace.Staff;

namespace ReportPortal.StaffFace.Administration;

public sealed record MemberRow(Guid Id, string DisplayName, string Email, string? ForceName, IReadOnlyList<string> Roles, bool IsIntakeHandler, string Status);

/// <summary>
/// Staff accounts: invitation (the account and a one-time enrolment link, shown once to the
/// administrator and stored only as its hash), roles and intake membership, deactivation and new links.
/// Every change is saved with its audit entry; a change made from a page that is out of date is refused.
/// </summary>
public sealed class StaffAdministration(ReportPortalDbContext db, AdminScope scope, AuditLog audit, StaffSecrets secrets, TimeProvider time)
{
    public const string StaleMessage =
        "This account changed after you opened this page. Nothing was saved: the page now shows the account as it is, so check it and try again.";

    public const string Active = "Active";
    public const string Invited = "Invited, not set up yet";
    public const string Deactivated = "Deactivated";

    // Serialises the changes that could leave the service without an administrator.
    private const long AdministratorsLockId = 0x5250_4144_4D49_4E53; // "RPADMINS"

    public async Task<IReadOnlyList<MemberRow>> ListAsync(CancellationToken cancellationToken)
    {
        var members = await scope.Staff.AsNoTracking()
            .OrderBy(m => !m.IsActive).ThenBy(m => m.DisplayName)
            .Select(m => new { m.Id, m.DisplayName, m.Email, m.ForceId, m.IsIntakeHandler, m.IsActive, m.TwoFactorEnabled })
            .ToListAsync(cancellationToken);
        var ids = members.Select(m => m.Id).ToList();
        var roles = await db.StaffMemberRoles.AsNoTracking().Where(r => ids.Contains(r.StaffMemberId)).ToListAsync(cancellationToken);
        var forces = await db.Forces.AsNoTracking().ToDictionaryAsync(f => f.Id, f => f.Name, cancellationToken);
        return members.Select(m => new MemberRow(m.Id, m.DisplayName, m.Email ?? string.Empty,
                m.ForceId is { } f ? forces[f] : null,
                StaffRoles.All.Where(role => roles.Any(r => r.StaffMemberId == m.Id && r.Role == role)).ToList(),
                m.IsIntakeHandler,
                Status(m.IsActive, m.TwoFactorEnabled)))
            .ToList();
    }

    public static string Status(bool isActive, bool enrolled) => !isActive ? Deactivated : enrolled ? Active : Invited;

    public async Task<(StaffMember Member, IReadOnlyList<string> Roles, string? ForceName)?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        var member = await scope.Staff.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (member is null)
        {
            return null;
        }

        var roles = await RolesAsync(id, cancellationToken);
        var forceName = member.ForceId is { } forceId ? await db.Forces.Where(f => f.Id == forceId).Select(f => f.Name).SingleAsync(cancellationToken) : null;
        return (member, roles, forceName);
    }

    /// <summary>Creates the account and its first enrolment link (a path on the staff face), to be shown once and passed on by hand.</summary>
    public async Task<string?> InviteAsync(InviteForm form, FormErrors errors, CancellationToken cancellationToken)
    {
        var force = form.IsNational ? null : await scope.Forces.AsNoTracking().SingleOrDefaultAsync(f => f.Code == form.Force, cancellationToken);
        if ((form.IsNational && !scope.IsNational) || (!form.IsNational && force is null))
        {
            errors.Add("force", "Choose the force the person works for");
            return null;
        }

        const string taken = "An account with this email address exists already: each person has one account";
        var normalised = StaffMember.NormaliseEmail(form.Email);
        if (await db.StaffMembers.AnyAsync(m => m.NormalizedEmail == normalised, cancellationToken))
        {
            errors.Add("email", taken);
            return null;
        }

        var member = new StaffMember
        {
            Email = form.Email,
            DisplayName = form.Name!,
            ForceId = force?.Id,
            IsIntakeHandler = form.IsIntakeHandler,
            StaffNumberIndex = force is null || string.IsNullOrEmpty(form.StaffNumber) ? null : secrets.Indexes.StaffNumber(force.Code, form.StaffNumber),
            CreatedOn = UkCalendar.Today(time),
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.StaffMembers.Add(member);
        db.StaffMemberRoles.AddRange(form.ChosenRoles.Select(role => new StaffRoleAssignment { StaffMemberId = member.Id, Role = role }));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            errors.Add("email", taken);
            return null;
        }

        var link = await StaffInvitations.CreateAsync(db, member, time, cancellationToken);
        await audit.AppendAsync(AuditActions.StaffInvited, scope.MemberId, null, AccessDetail(member.Id, form.ChosenRoles, form.IsIntakeHandler), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return link;
    }

    public async Task<AdminOutcome> UpdateAccessAsync(Guid id, MemberAccessForm form, FormErrors errors, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (outcome, member) = await LoadForChangeAsync(id, form.Stamp, cancellationToken);
        if (member is null)
        {
            return outcome;
        }

        var current = await RolesAsync(id, cancellationToken);
        var chosen = form.ChosenRoles;
        if (current.Contains(StaffRoles.Administrator) && !chosen.Contains(StaffRoles.Administrator) && !await OtherAdministratorExistsAsync(id, cancellationToken))
        {
            errors.Add("roles", "This is the last administrator who can sign in, so the administrator role stays: invite another administrator first");
            return AdminOutcome.Refused;
        }

        db.StaffMemberRoles.RemoveRange(await db.StaffMemberRoles.Where(r => r.StaffMemberId == id && !chosen.Contains(r.Role)).ToListAsync(cancellationToken));
        db.StaffMemberRoles.AddRange(chosen.Except(current).Select(role => new StaffRoleAssignment { StaffMemberId = id, Role = role }));
        member.IsIntakeHandler = form.IsIntakeHandler;
        return await SaveChangeAsync(member, transaction, AuditActions.StaffChanged, AccessDetail(id, chosen, form.IsIntakeHandler), cancellationToken);
    }

    /// <summary>The open cases the member holds or is assigned, as the one looking may see them (counts, and links to those they hold).</summary>
    public Task<LeaverCasesSummary> OpenCasesAsync(Guid id, CancellationToken cancellationToken) =>
        LeaverCases.OpenCasesAsync(db, id, scope.MemberId, cancellationToken);

    /// <summary>
    /// Ends the account for good: every session ends at once, no enrolment link works any more, every key
    /// grant it held is removed and it is unassigned from its cases (<see cref="LeaverCases"/>).
    /// </summary>
    public async Task<AdminOutcome> DeactivateAsync(Guid id, string? stamp, FormErrors errors, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (outcome, member) = await LoadForChangeAsync(id, stamp, cancellationToken);
        if (member is null)
        {
            return outcome;
        }

        if (id == scope.MemberId)
        {
            errors.Add("deactivate", "You cannot deactivate your own account: ask another administrator");
            return AdminOutcome.Refused;
        }

        if (!member.IsActive)
        {
            return AdminOutcome.Done;
        }

        member.IsActive = false;
        member.SecurityStamp = Guid.NewGuid().ToString("N");
        await db.StaffSessions.Where(s => s.StaffMemberId == id).ExecuteDeleteAsync(cancellationToken);
        await db.StaffInvitations.Where(i => i.StaffMemberId == id && i.UsedAt == null).ExecuteDeleteAsync(cancellationToken);
        // A leaver keeps no key to any case and owns none: both go in the same transaction.
        return await SaveChangeAsync(member, transaction, AuditActions.StaffDeactivated, $"staff {id:N}", cancellationToken,
            () => LeaverCases.ReleaseAsync(db, audit, id, scope.MemberId, cancellationToken));
    }

    /// <summary>
    /// A new link for someone who has not finished setting up (the old one was lost or ran out). Never for
    /// a set-up account: a link would let its holder replace the password, and with it the personal key.
    /// </summary>
    public async Task<(AdminOutcome Outcome, string? Link)> ReissueAsync(Guid id, string? stamp, FormErrors errors, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (outcome, member) = await LoadForChangeAsync(id, stamp, cancellationToken);
        if (member is null)
        {
            return (outcome, null);
        }

        if (!member.IsActive || member.TwoFactorEnabled)
        {
            errors.Add("reissue", member.IsActive
                ? "This account is set up already, so it gets no enrolment link. A lost password is recovered through escrow by a custodian pair."
                : "This account is deactivated, so it gets no enrolment link");
            return (AdminOutcome.Refused, null);
        }

        var link = await StaffInvitations.CreateAsync(db, member, time, cancellationToken);
        await audit.AppendAsync(AuditActions.EnrolmentLinkIssued, scope.MemberId, null, $"staff {id:N}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (AdminOutcome.Done, link);
    }

    /// <summary>The member, tracked, if they are in scope and still as the form saw them; under the administrators lock.</summary>
    private async Task<(AdminOutcome Outcome, StaffMember? Member)> LoadForChangeAsync(Guid id, string? stamp, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdministratorsLockId})", cancellationToken);
        var member = await scope.Staff.SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (member is null)
        {
            return (AdminOutcome.NotFound, null);
        }

        if (member.ConcurrencyStamp != stamp)
        {
            return (AdminOutcome.Stale, null);
        }

        return (AdminOutcome.Done, member);
    }

    private async Task<AdminOutcome> SaveChangeAsync(StaffMember member, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, string action, string detail,
        CancellationToken cancellationToken, Func<Task>? alsoInTransaction = null)
    {
        // A new stamp on every change, checked in the UPDATE itself: two administrators cannot both act on one version.
        member.ConcurrencyStamp = Guid.NewGuid().ToString("N");
        return await AuditedSave.SaveAsync(db, audit, transaction, action, scope.MemberId, detail, cancellationToken, alsoInTransaction);
    }

    private async Task<IReadOnlyList<string>> RolesAsync(Guid id, CancellationToken cancellationToken)
    {
        var held = await db.StaffMemberRoles.AsNoTracking().Where(r => r.StaffMemberId == id).Select(r => r.Role).ToListAsync(cancellationToken);
        return StaffRoles.All.Where(held.Contains).ToList();
    }

    /// <summary>Another administrator who can sign in (active and set up), anywhere in the service.</summary>
    private Task<bool> OtherAdministratorExistsAsync(Guid id, CancellationToken cancellationToken) =>
        db.StaffMembers.AnyAsync(m => m.Id != id && m.IsActive && m.TwoFactorEnabled
            && db.StaffMemberRoles.Any(r => r.StaffMemberId == m.Id && r.Role == StaffRoles.Administrator), cancellationToken);

    private static string AccessDetail(Guid id, IReadOnlyList<string> roles, bool intake) =>
        $"staff {id:N}: roles {string.Join(",", roles)}; intake {YesNo.From(intake)}";
}
