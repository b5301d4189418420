using System.Runtime.Serialization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;
using ReportPortal.Core.Retention;
using ReportPortal.Core.Ui;
using ReportPortal.StaffFace.Staff;

namespace ReportPortal.StaffFace.Retention;

public sealed record ActiveHold(Guid Id, string Reference, LegalHoldReason Reason, DateOnly PlacedOn, string PlacedBy);

/// <summary>A custodian's request to hold a case: its reference and one of the fixed reasons.</summary>
public sealed class PlaceHoldForm
{
    [DataMember(Name = "reference")]
    public string? Reference { get; set; }

    [DataMember(Name = "reason")]
    public string? Reason { get; set; }
}

/// <summary>A custodian lifting one hold, with one of the fixed reasons for lifting.</summary>
public sealed class LiftHoldForm
{
    [DataMember(Name = "hold")]
    public Guid? Hold { get; set; }

    [DataMember(Name = "lift-reason")]
    public string? Reason { get; set; }
}

/// <summary>
/// Legal holds, placed and lifted by the custodians of the case's force (who keep records for legal
/// reasons and never need to read the case), each with a fixed reason and an audit entry. An active
/// hold stops the case being shredded (<see cref="CaseShredding"/>).
/// </summary>
public sealed class LegalHolds(ReportPortalDbContext db, ICurrentStaff current, AuditLog audit, TimeProvider time)
{
    public static readonly IReadOnlyList<Choice> Reasons =
    [
        new("litigation", "Court or tribunal proceedings", "Brought or expected, including an employment tribunal claim."),
        new("investigation", "A criminal, IOPC or misconduct investigation"),
        new("inquiry", "A public inquiry or an inquest"),
        new("information-request", "A subject access or freedom of information request being answered"),
        new("other-legal-duty", "Another legal duty to keep it", "Recorded by your legal services."),
    ];

    public static readonly IReadOnlyList<Choice> LiftReasons =
    [
        new("proceedings-concluded", "The proceedings or request have concluded"),
        new("no-longer-required", "The hold is no longer required"),
        new("placed-in-error", "The hold was placed in error"),
    ];

    public static string Label(LegalHoldReason reason) => Reasons.Single(c => c.Value == StoredNames.LegalHoldReason[reason]).Label;

    public async Task<IReadOnlyList<ActiveHold>> ActiveAsync(CancellationToken cancellationToken)
    {
        if (current.ForceId is not { } forceId)
        {
            return [];
        }

        return await db.LegalHolds.AsNoTracking().Where(h => h.LiftedOn == null)
            .Join(db.Cases.Where(c => c.ForceId == forceId), h => h.CaseId, c => c.Id, (h, c) => new { h, c.Reference })
            .Join(db.StaffMembers, x => x.h.PlacedByStaffMemberId, s => s.Id, (x, s) => new { x.h.Id, x.Reference, x.h.Reason, x.h.PlacedOn, s.DisplayName })
            .OrderBy(h => h.Reference)
            .Select(h => new ActiveHold(h.Id, h.Reference, h.Reason, h.PlacedOn, h.DisplayName))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Places a hold; what to fix is added to <paramref name="errors"/> and nothing is saved.</summary>
    public async Task<bool> PlaceAsync(PlaceHoldForm form, FormErrors errors, CancellationToken cancellationToken)
    {
        var wanted = TextNormaliser.NormaliseOrNull(form.Reference)?.ToUpperInvariant();
        if (wanted is null)
        {
            errors.Add("reference", "Enter the reference of the case to hold, for example RP-7K3M9QXT");
        }

        if (!StoredNames.LegalHoldReason.All.Contains(form.Reason))
        {
            errors.Add("reason", "Choose why the case must be kept");
        }

        if (errors.Any || current.ForceId is not { } forceId)
        {
            return false;
        }

        var caseId = await db.Cases.AsNoTracking().Where(c => c.Reference == wanted && c.ForceId == forceId)
            .Select(c => (Guid?)c.Id).SingleOrDefaultAsync(cancellationToken);
        if (caseId is null)
        {
            errors.Add("reference", "There is no case with this reference in your force. It may have been shredded at the end of its retention.");
            return false;
        }

        var reason = StoredNames.LegalHoldReason.Parse(form.Reason!);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.LegalHolds.Add(new LegalHold
        {
            CaseId = caseId.Value,
            Reason = reason,
            PlacedOn = UkCalendar.Today(time),
            PlacedByStaffMemberId = current.StaffMemberId,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ForeignKeyViolation } postgres)
        {
            // A hold placed by someone else since, or the case shredded since: say which, save nothing.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            errors.Add("reference", postgres.SqlState == PostgresErrorCodes.UniqueViolation
                ? "This case is already on legal hold."
                : "There is no case with this reference in your force. It may have been shredded at the end of its retention.");
            return false;
        }

        await audit.AppendAsync(AuditActions.LegalHoldPlaced, current.StaffMemberId, caseId, form.Reason, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> LiftAsync(LiftHoldForm form, FormErrors errors, CancellationToken cancellationToken)
    {
        if (!StoredNames.LegalHoldRelease.All.Contains(form.Reason))
        {
            errors.Add("lift-reason", "Choose why the hold can be lifted");
        }

        if (errors.Any || current.ForceId is not { } forceId || form.Hold is not { } holdId)
        {
            return false;
        }

        var release = StoredNames.LegalHoldRelease.Parse(form.Reason!);
        var today = UkCalendar.Today(time);
        var me = current.StaffMemberId;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var hold = await db.LegalHolds.AsNoTracking()
            .Where(h => h.Id == holdId && h.LiftedOn == null && db.Cases.Any(c => c.Id == h.CaseId && c.ForceId == forceId))
            .Select(h => new { h.CaseId }).SingleOrDefaultAsync(cancellationToken);
        // Only a hold still standing is lifted: two custodians lifting at once record one lift.
        var lifted = hold is null ? 0 : await db.LegalHolds.Where(h => h.Id == holdId && h.LiftedOn == null)
            .ExecuteUpdateAsync(u => u.SetProperty(h => h.LiftedOn, today).SetProperty(h => h.LiftReason, release).SetProperty(h => h.LiftedByStaffMemberId, me), cancellationToken);
        if (lifted == 0)
        {
            errors.Add("lift-reason", "This hold has already been lifted.");
            return false;
        }

        await audit.AppendAsync(AuditActions.LegalHoldLifted, me, hold!.CaseId, form.Reason, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
