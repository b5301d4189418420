using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReportPortal.Core.Database;

namespace ReportPortal.Core.Evidence;

/// <summary>What one pass of the orphan sweep saw and did.</summary>
/// <param name="Listed">Blobs and partial blobs in the store.</param>
/// <param name="Unreferenced">Of those, the ones no row names (partial ones included: no row ever names one).</param>
/// <param name="Removed">Unreferenced, unchanged, on a pass at least the grace period before this one: removed now.</param>
/// <param name="Refused">So many published blobs were unnamed that the database is more likely wrong than they are orphans: nothing was removed.</param>
public sealed record OrphanSweepPass(int Listed, int Unreferenced, int Removed, bool Refused = false);

/// <summary>
/// Removes blobs nobody can ever open: a blob published by an upload whose process died before its row
/// committed, and a <c>.part</c> left by a process killed while sealing. A blob is removed only when two
/// passes at least <see cref="EvidenceOptions.OrphanGraceMinutes"/> apart (on the injected clock) both found
/// that no <c>EvidenceFiles</c> or <c>PendingEvidenceFiles</c> row names it, and it had not changed in
/// between. An upload in flight is never touched: its <c>.part</c> grows, and its blob is published only
/// inside its row's transaction, moments before the commit, so at most one pass can find it unnamed.
/// Rows are never touched. What was seen is kept in memory: a restart only starts the wait again.
/// </summary>
public sealed class OrphanBlobSweep(IEvidenceBlobStore blobs, IOptions<EvidenceOptions> options, TimeProvider time) : IDisposable
{
    /// <summary>Keys asked about in one statement.</summary>
    private const int Batch = 500;

    /// <summary>Unnamed published blobs a pass may find before it doubts the database rather than the blobs.</summary>
    private const int Plausible = 20;

    private readonly Sightings<(string Key, bool Published), StoredBlob> _seen = new();
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>One pass, on a DbContext whose role may read the storage keys of both tables.</summary>
    public async Task<OrphanSweepPass> PassAsync(ReportPortalDbContext db, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var grace = TimeSpan.FromMinutes(options.Value.OrphanGraceMinutes);
            // The store is listed before the rows are read: a blob whose row commits in between is then named.
            var listed = new List<StoredBlob>();
            await foreach (var blob in blobs.ListAsync(cancellationToken))
            {
                listed.Add(blob);
            }

            var unreferenced = new List<StoredBlob>();
            foreach (var batch in listed.Chunk(Batch))
            {
                var named = await NamedAsync(db, [.. batch.Select(b => b.Key).Distinct()], cancellationToken);
                unreferenced.AddRange(batch.Where(b => !named.Contains(b.Key)));
            }

            var unnamedPublished = unreferenced.Count(b => b.Published);
            if (unnamedPublished > Plausible && unnamedPublished * 2 > listed.Count(b => b.Published))
            {
                // A staff face pointed at the wrong or an empty database would otherwise empty the shared folder.
                _seen.Clear();
                return new OrphanSweepPass(listed.Count, unreferenced.Count, 0, Refused: true);
            }

            var byId = unreferenced.ToDictionary(b => (b.Key, b.Published));
            var due = _seen.Pass(unreferenced.Select(b => ((b.Key, b.Published), b)), now, grace);
            foreach (var id in due)
            {
                await blobs.RemoveAsync(byId[id], cancellationToken);
            }

            return new OrphanSweepPass(listed.Count, unreferenced.Count, due.Count);
        }
        finally
        {
            _one.Release();
        }
    }

    public void Dispose() => _one.Dispose();

    /// <summary>
    /// Which of <paramref name="keys"/> a row names, in one statement (one snapshot): a pending file taken
    /// into its case by a filing that commits meanwhile is found in one table or the other, never in neither.
    /// </summary>
    private static async Task<HashSet<string>> NamedAsync(ReportPortalDbContext db, List<string> keys, CancellationToken cancellationToken)
    {
        var named = await db.EvidenceFiles.Where(f => keys.Contains(f.StorageKey)).Select(f => f.StorageKey)
            .Concat(db.EvidenceFiles.Where(f => f.OriginalStorageKey != null && keys.Contains(f.OriginalStorageKey)).Select(f => f.OriginalStorageKey!))
            .Concat(db.PendingEvidenceFiles.Where(f => keys.Contains(f.StorageKey)).Select(f => f.StorageKey))
            .Concat(db.PendingEvidenceFiles.Where(f => f.OriginalStorageKey != null && keys.Contains(f.OriginalStorageKey)).Select(f => f.OriginalStorageKey!))
            .ToListAsync(cancellationToken);
        return [.. named];
    }
}
