using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;
using ReportPortal.Core.Forces;
using ReportPortal.Core.Ui;

namespace ReportPortal.StaffFace.Administration;

public sealed record ForceRow(string Code, string Name, bool AcceptsReports, int Ranges, int Staff);

/// <summary>
/// Changes to forces, each saved together with its audit entry. A force's details and clocks are saved
/// only if the force is still at the version the form was loaded from (its xmin), so one administrator
/// never silently overwrites another.
/// </summary>
public sealed class ForceAdministration(ReportPortalDbContext db, AdminScope scope, AuditLog audit, TimeProvider time, WorkingCalendar calendar)
{
    public const string StaleMessage =
        "Another administrator changed this force after you opened this page. Your changes were not saved: the page now shows the force as it is, so check it and make your changes again.";

    public const int MaxRanges = 100;

    public async Task<IReadOnlyList<ForceRow>> ListAsync(CancellationToken cancellationToken) =>
        await scope.Forces.AsNoTracking()
            .OrderBy(f => f.Name)
            .Select(f => new ForceRow(f.Code, f.Name, f.AcceptsReports,
                db.ForceNetworkRanges.Count(r => r.ForceId == f.Id),
                db.StaffMembers.Count(s => s.ForceId == f.Id && s.IsActive)))
            .ToListAsync(cancellationToken);

    public Task<Force?> FindAsync(string code, CancellationToken cancellationToken) =>
        scope.Forces.AsNoTracking().SingleOrDefaultAsync(f => f.Code == code, cancellationToken);

    public async Task<IReadOnlyList<ForceNetworkRange>> RangesAsync(Guid forceId, CancellationToken cancellationToken) =>
        await db.ForceNetworkRanges.AsNoTracking().Where(r => r.ForceId == forceId).OrderBy(r => r.Cidr).ToListAsync(cancellationToken);

    /// <summary>A new force starts by not taking reports: it has nobody to receive them until staff are invited.</summary>
    public async Task<AdminOutcome> CreateAsync(NewForceForm form, FormErrors errors, CancellationToken cancellationToken)
    {
        if (!scope.IsNational)
        {
            return AdminOutcome.NotFound;
        }

        const string taken = "A force with this code exists already: choose another code";
        if (await db.Forces.AnyAsync(f => f.Code == form.Code, cancellationToken))
        {
            errors.Add("code", taken);
            return AdminOutcome.Refused;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Forces.Add(new Force { Code = form.Code!, Name = form.Name!, AcceptsReports = false });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another administrator took the code between the check and the insert.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            errors.Add("code", taken);
            return AdminOutcome.Refused;
        }

        await audit.AppendAsync(AuditActions.ForceCreated, scope.MemberId, null, $"force {form.Code}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return AdminOutcome.Done;
    }

    public Task<AdminOutcome> SaveDetailsAsync(string code, ForceDetailsForm form, CancellationToken cancellationToken) =>
        SaveAsync(code, form.Version, force =>
        {
            force.Name = form.Name!;
            force.AcceptsReports = form.Accepting == YesNo.Yes;
            return $"force {code}: name and taking reports ({form.Accepting})";
        }, AuditActions.ForceChanged, cancellationToken);

    public Task<AdminOutcome> SaveClocksAsync(string code, string? version, ClockSettings settings, CancellationToken cancellationToken) =>
        SaveAsync(code, version, force =>
        {
            var changed = new List<string>();
            foreach (var clock in ClockForm.Clocks)
            {
                var value = clock.Get(settings);
                if (clock.Get(force.Clocks) != value)
                {
                    changed.Add($"{clock.Name}={value}");
                    clock.Set(force.Clocks, value);
                }
            }

            return Shorten($"force {code}: {(changed.Count == 0 ? "no change" : string.Join(", ", changed))}");
        }, AuditActions.ClocksChanged, cancellationToken,
        // Every open case of the force is timed by the new settings from this commit on: the inbox's projection moves with it.
        force => ClockProjection.RecomputeForceAsync(db, force.Id, calendar, UkCalendar.Today(time), cancellationToken));

    public async Task<AdminOutcome> AddRangeAsync(string code, string cidr, FormErrors errors, CancellationToken cancellationToken)
    {
        var force = await FindAsync(code, cancellationToken);
        if (force is null)
        {
            return AdminOutcome.NotFound;
        }

        var existing = await RangesAsync(force.Id, cancellationToken);
        if (existing.Any(r => r.Cidr == cidr))
        {
            errors.Add("cidr", $"{cidr} is already in the list");
            return AdminOutcome.Refused;
        }

        if (existing.Count >= MaxRanges)
        {
            errors.Add("cidr", $"A force can have at most {MaxRanges} ranges: remove one first, or combine ranges");
            return AdminOutcome.Refused;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.ForceNetworkRanges.Add(new ForceNetworkRange { ForceId = force.Id, Cidr = cidr });
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(AuditActions.NetworkRangeAdded, scope.MemberId, null, $"force {code}: {cidr}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return AdminOutcome.Done;
    }

    /// <summary>Removing a range that is already gone (a second click, another administrator) is not an error: the range is gone either way.</summary>
    public async Task<AdminOutcome> RemoveRangeAsync(string code, string? rangeId, CancellationToken cancellationToken)
    {
        var force = await FindAsync(code, cancellationToken);
        if (force is null)
        {
            return AdminOutcome.NotFound;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var range = Guid.TryParse(rangeId, out var id)
            ? await db.ForceNetworkRanges.SingleOrDefaultAsync(r => r.Id == id && r.ForceId == force.Id, cancellationToken)
            : null;
        if (range is not null)
        {
            db.ForceNetworkRanges.Remove(range);
            await db.SaveChangesAsync(cancellationToken);
            await audit.AppendAsync(AuditActions.NetworkRangeRemoved, scope.MemberId, null, $"force {code}: {range.Cidr}", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return AdminOutcome.Done;
    }

    private async Task<AdminOutcome> SaveAsync(
        string code, string? postedVersion, Func<Force, string> change, string action, CancellationToken cancellationToken, Func<Force, Task>? alsoInTransaction = null)
    {
        var force = await scope.Forces.SingleOrDefaultAsync(f => f.Code == code, cancellationToken);
        if (force is null)
        {
            return AdminOutcome.NotFound;
        }

        // The loaded row must be the one the form showed; the UPDATE then checks the same xmin, so a change
        // landing between this read and the write is caught too.
        if (!uint.TryParse(postedVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version != force.Version)
        {
            return AdminOutcome.Stale;
        }

        var detail = change(force);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        return await AuditedSave.SaveAsync(db, audit, transaction, action, scope.MemberId, detail, cancellationToken,
            alsoInTransaction is null ? null : () => alsoInTransaction(force));
    }

    /// <summary>Audit details hold at most 200 characters.</summary>
    internal static string Shorten(string detail) => detail.Length <= 200 ? detail : detail[..199] + "…";
}
