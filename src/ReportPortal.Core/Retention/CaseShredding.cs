using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;
using ReportPortal.Core.Evidence;
using ReportPortal.Core.Forces;
using ReportPortal.Core.Statistics;

namespace ReportPortal.Core.Retention;

/// <summary>
/// Shreds closed cases whose retention period has ended: their evidence blobs, every row of the case
/// (grants, sealed content, clocks, links, holds: all cascade from the case row) and, in their place, a
/// content-free tombstone and an audit entry. Destroying the retention-period key the grants were wrapped
/// under (SECURITY.md, "Retention") is what makes copies in backups unreadable; this removes the live copy.
/// </summary>
/// <remarks>
/// Safe on any number of nodes at once and when run twice: each case is taken with
/// <c>FOR UPDATE SKIP LOCKED</c> and every condition is checked again under that lock, so one node shreds
/// it and the others skip it or find it gone. Placing a legal hold inserts a row referencing the case,
/// which takes a key-share lock on the case row: a hold and a shred of the same case serialise, and the
/// loser of that race either sees the hold or finds no case to hold.
/// </remarks>
public sealed class CaseShredding(ReportPortalDbContext db, IEvidenceBlobStore blobs, AuditLog audit, TimeProvider time)
{
    /// <summary>Shreds every case due today; returns how many this call shredded.</summary>
    public async Task<int> ShredDueAsync(CancellationToken cancellationToken)
    {
        var today = UkCalendar.Today(time);
        var shredded = 0;
        foreach (var caseId in await DueAsync(today, cancellationToken))
        {
            if (await ShredAsync(caseId, today, cancellationToken))
            {
                shredded++;
            }
        }

        return shredded;
    }

    /// <summary>Closed cases with no active hold whose retention period has ended by <paramref name="today"/>.</summary>
    public async Task<IReadOnlyList<Guid>> DueAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var policies = await PoliciesAsync(cancellationToken);
        var closed = await db.Cases.AsNoTracking()
            .Where(c => c.Status == CaseStatus.Closed && c.ClosedOn != null)
            .Where(c => !db.LegalHolds.Any(h => h.CaseId == c.Id && h.LiftedOn == null))
            .Select(c => new { c.Id, c.ForceId, c.Outcome, ClosedOn = c.ClosedOn!.Value })
            .ToListAsync(cancellationToken);
        return [.. closed.Where(c => policies.IsDue(c.ForceId, c.Outcome, c.ClosedOn, today)).Select(c => c.Id)];
    }

    private async Task<bool> ShredAsync(Guid caseId, DateOnly today, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var found = await db.Database.SqlQuery<LockedCase>($"""
            SELECT "ForceId", "Status", "Outcome", "SubmittedOn", "ClosedOn" FROM "Cases" WHERE "Id" = {caseId} FOR UPDATE SKIP LOCKED
            """).ToListAsync(cancellationToken);
        if (found is not [var locked])
        {
            return false;
        }

        // Everything again, under the lock: the case may have been held, or shredded by another node, since it was listed.
        var outcome = locked.Outcome is null ? (CaseOutcome?)null : StoredNames.Outcome.Parse(locked.Outcome);
        var held = await db.LegalHolds.AnyAsync(h => h.CaseId == caseId && h.LiftedOn == null, cancellationToken);
        var policies = await PoliciesAsync(cancellationToken);
        if (held || locked.Status != StoredNames.Status[CaseStatus.Closed] || locked.ClosedOn is not { } closedOn
            || !policies.IsDue(locked.ForceId, outcome, closedOn, today))
        {
            return false;
        }

        var files = await db.EvidenceFiles.AsNoTracking().Where(f => f.CaseId == caseId)
            .Select(f => new { f.StorageKey, f.OriginalStorageKey })
            .ToListAsync(cancellationToken);
        var retentionKeys = await db.KeyGrants.Where(g => g.CaseId == caseId).Select(g => g.RetentionKeyId).Distinct().OrderBy(k => k).ToArrayAsync(cancellationToken);
        // The clocks' verdicts go into the tombstone, so statistics count the case the same once it is gone.
        // Fixed SQL text; the case and the day are parameters.
        var verdictSql = $"SELECT \"AcknowledgedOnTime\", \"FeedbackOnTime\" FROM ({ClockVerdicts.CasesSql("c.\"Id\" = @case")}) v";
        var verdicts = await db.Database.SqlQueryRaw<ClockVerdict>(verdictSql, ClockVerdicts.Today(today), new Npgsql.NpgsqlParameter("case", caseId))
            .SingleAsync(cancellationToken);
        db.CaseTombstones.Add(new CaseTombstone
        {
            RetentionKeyIds = retentionKeys,
            ForceId = locked.ForceId,
            Outcome = outcome,
            SubmittedMonth = CaseTombstone.MonthOf(locked.SubmittedOn),
            ClosedMonth = CaseTombstone.MonthOf(closedOn),
            ShreddedOn = today,
            AcknowledgedOnTime = verdicts.AcknowledgedOnTime,
            FeedbackOnTime = verdicts.FeedbackOnTime,
        });
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(AuditActions.CaseShredded, null, caseId, outcome is { } o ? StoredNames.Outcome[o] : null, cancellationToken);
        await db.Cases.Where(c => c.Id == caseId).ExecuteDeleteAsync(cancellationToken);

        // Blobs go before the commit: if the commit then fails the case is still due and the next run
        // finishes it, whereas blobs left behind by a crash after a commit would be found by nothing.
        foreach (var key in files.SelectMany(f => new[] { f.StorageKey, f.OriginalStorageKey }).OfType<string>())
        {
            await blobs.DeleteAsync(key, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return true;
    }

    private async Task<RetentionPolicies> PoliciesAsync(CancellationToken cancellationToken) => new(
        await db.Forces.AsNoTracking().ToDictionaryAsync(f => f.Id, f => f.Clocks, cancellationToken),
        await db.RetentionSettings.AsNoTracking().ToDictionaryAsync(s => s.ForceId, cancellationToken));

    private sealed record ClockVerdict(bool? AcknowledgedOnTime, bool? FeedbackOnTime);

    private sealed record LockedCase(Guid ForceId, string Status, string? Outcome, DateOnly SubmittedOn, DateOnly? ClosedOn);

    private sealed record RetentionPolicies(Dictionary<Guid, ClockSettings> Clocks, Dictionary<Guid, RetentionSettings> Periods)
    {
        public bool IsDue(Guid forceId, CaseOutcome? outcome, DateOnly closedOn, DateOnly today)
        {
            var months = (Periods.GetValueOrDefault(forceId) ?? new RetentionSettings()).MonthsFor(outcome);
            return RetentionRules.IsDue(closedOn, months, Clocks.GetValueOrDefault(forceId) ?? new ClockSettings(), today);
        }
    }
}
