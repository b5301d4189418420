using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Database;
using ReportPortal.Core.Secrets;

namespace ReportPortal.StaffFace.Retention;

/// <summary>
/// Each retention key as the operators need to see it: how many open or held cases are wrapped under it, and
/// how many cases were shredded while under it. A shredded case stays readable in backups taken before its
/// shred until its key is retired, so a key still held with shredded cases under it is one to retire
/// (docs/retention.md). Key ids and counts only; service-wide, as the keys are.
/// </summary>
public sealed class RetentionKeyStatus(ReportPortalDbContext db, RetentionKeys retention)
{
    public sealed record KeyState(string Id, bool Current, bool Held, int LiveCases, int ShreddedCases, DateOnly? FirstShreddedOn)
    {
        /// <summary>Shredded cases under a key this service still holds: backups from before their shred still open them.</summary>
        public bool ToRetire => Held && ShreddedCases > 0;
    }

    private sealed record Shredded(string Key, int Cases, DateOnly First);

    private sealed record Live(string Key, int Cases);

    public async Task<IReadOnlyList<KeyState>> LoadAsync(CancellationToken cancellationToken)
    {
        var shredded = await db.Database.SqlQuery<Shredded>($"""
            SELECT k AS "Key", count(*)::int AS "Cases", min(t."ShreddedOn") AS "First"
            FROM "CaseTombstones" t, unnest(t."RetentionKeyIds") AS k GROUP BY k
            """).ToListAsync(cancellationToken);
        var live = await db.Database.SqlQuery<Live>($"""
            SELECT "RetentionKeyId" AS "Key", count(DISTINCT "CaseId")::int AS "Cases" FROM "KeyGrants" GROUP BY "RetentionKeyId"
            """).ToListAsync(cancellationToken);
        return shredded.Select(s => s.Key).Union(live.Select(l => l.Key)).Append(retention.CurrentId).Distinct(StringComparer.Ordinal)
            .Select(id => new KeyState(
                id,
                id == retention.CurrentId,
                retention.Holds(id),
                live.FirstOrDefault(l => l.Key == id)?.Cases ?? 0,
                shredded.FirstOrDefault(s => s.Key == id)?.Cases ?? 0,
                shredded.FirstOrDefault(s => s.Key == id)?.First))
            .OrderByDescending(k => k.ToRetire).ThenBy(k => k.Id, StringComparer.Ordinal)
            .ToList();
    }
}
