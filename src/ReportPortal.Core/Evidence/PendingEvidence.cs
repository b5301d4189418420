using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Database;
using ReportPortal.Crypto;

namespace ReportPortal.Core.Evidence;

/// <summary>
/// What the reporter's form carries for the files chosen before sending: the id and key the report will be
/// filed under, the chosen files' ids, and when the claim (and every file under it) expires. The server keeps
/// none of it: without the form, the pending files open for nobody.
/// </summary>
public sealed record PendingClaim(Guid CaseId, byte[] CaseKey, IReadOnlyList<Guid> FileIds, DateTimeOffset ExpiresAt);

/// <summary>A file chosen before sending, as check your answers lists it.</summary>
public sealed record PendingFileRow(Guid Id, string Name, string KindLabel, long Size, bool MetadataRemoved, bool OriginalKept);

/// <summary>
/// Files chosen on the report form before it is sent. They are checked, cleaned and sealed at once, exactly
/// as files added later are (<see cref="EvidenceFiling.PrepareAsync"/>), but under the key the report will
/// be filed with, which lives only in the reporter's form until "Send report" grants it. Filing turns each
/// row into an evidence file of the new case in the filing transaction (the blobs stay where they are: they
/// are already sealed for that case). An abandoned form's rows expire and are swept, blobs first, so no row
/// ever outlives its blobs' deletion unnoticed and no blob outlives its row.
/// </summary>
public sealed class PendingEvidence(ReportPortalDbContext db, EvidenceFiling filing, IEvidenceBlobStore blobs, IOptions<EvidenceOptions> options, TimeProvider time)
{
    /// <summary>A fresh claim for a form that has no files yet.</summary>
    public PendingClaim NewClaim() => new(Guid.NewGuid(), CaseKey.Generate(), [], time.GetUtcNow() + TimeSpan.FromMinutes(options.Value.PendingFileMinutes));

    /// <summary>Takes received files under the claim; the claim returned names the ones kept.</summary>
    public async Task<(PendingClaim Claim, IReadOnlyList<EvidenceOutcome> Outcomes)> AddAsync(PendingClaim claim, IReadOnlyList<IncomingFile> files,
        PrivateScratch scratch, byte[] intakePublicKey, CancellationToken cancellationToken)
    {
        var ids = (await HeldAsync(claim, cancellationToken)).Select(r => r.Id).ToList();
        // A failure part-way still hands back the claim with the files kept before it, so none is lost from the form.
        var outcomes = await EvidenceFiling.OneByOneAsync(files, async file =>
        {
            var prepared = await filing.PrepareAsync(claim.CaseId, claim.CaseKey, intakePublicKey, file, scratch,
                (adding, ct) => LimitProblemAsync(ids, adding, ct), cancellationToken);
            if (prepared.Refusal is { } refusal)
            {
                return refusal;
            }

            await using var upload = prepared.Sealed!;
            // The sealed size is known only now: the report's total is checked again with it, as files added later are.
            if (await LimitProblemAsync(ids, upload.SealedLength, cancellationToken) is { } over)
            {
                return prepared.Refused(over);
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.PendingEvidenceFiles.Add(new PendingEvidenceFile
            {
                Id = upload.FileId,
                SealedDescription = upload.SealedDescription,
                StorageKey = upload.Primary.Key,
                SealedLength = upload.Primary.Length,
                OriginalStorageKey = upload.Original?.Key,
                OriginalSealedLength = upload.Original?.Length,
                MetadataRemoved = upload.MetadataRemoved,
                SealedContentHash = upload.SealedContentHash,
                HashForIndex = upload.HashForIndex,
                ExpiresAt = claim.ExpiresAt,
            });
            await filing.CommitWithBlobsAsync(transaction, upload, cancellationToken);
            ids.Add(upload.FileId);
            return upload.Outcome;
        });

        return (claim with { FileIds = ids }, outcomes);
    }

    /// <summary>The claim's files that are still held, in the order they were added.</summary>
    public async Task<IReadOnlyList<PendingFileRow>> ListAsync(PendingClaim claim, CancellationToken cancellationToken)
    {
        var rows = await HeldAsync(claim, cancellationToken);
        return [.. rows.Select(r =>
        {
            var description = EvidenceSetup.Describe(claim.CaseKey, claim.CaseId, r.Id, r.SealedDescription);
            return new PendingFileRow(r.Id, description.Name, EvidenceKinds.ByName(description.Kind)?.Label ?? description.Kind,
                description.Size, r.MetadataRemoved, r.OriginalStorageKey is not null);
        })];
    }

    /// <summary>Removes one file from the claim, and deletes it (the row is expired first, so a failure half-way leaves it to the sweep).</summary>
    public async Task<PendingClaim> RemoveAsync(PendingClaim claim, Guid fileId, CancellationToken cancellationToken)
    {
        if (!claim.FileIds.Contains(fileId))
        {
            return claim;
        }

        var expired = DateTimeOffset.UnixEpoch;
        await db.PendingEvidenceFiles.Where(f => f.Id == fileId).ExecuteUpdateAsync(s => s.SetProperty(f => f.ExpiresAt, expired), cancellationToken);
        var row = await db.PendingEvidenceFiles.AsNoTracking().SingleOrDefaultAsync(f => f.Id == fileId, cancellationToken);
        if (row is not null)
        {
            await DeleteAsync(row, cancellationToken);
        }

        return claim with { FileIds = [.. claim.FileIds.Where(id => id != fileId)] };
    }

    /// <summary>
    /// Inside the filing transaction: moves the claim's held files into <paramref name="case"/> (saved with it)
    /// and deletes their pending rows. False when another send of the same form took them first.
    /// </summary>
    public async Task<bool> TakeIntoAsync(Case @case, PendingClaim claim, DateOnly today, CancellationToken cancellationToken)
    {
        var rows = await HeldAsync(claim, cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        // A second send racing this one waits here for the first to commit, then finds nothing left to delete.
        if (await db.PendingEvidenceFiles.Where(f => ids.Contains(f.Id)).ExecuteDeleteAsync(cancellationToken) != rows.Count)
        {
            return false;
        }

        @case.EvidenceFiles.AddRange(rows.Select(r => new EvidenceFile
        {
            Id = r.Id,
            CaseId = @case.Id,
            SealedDescription = r.SealedDescription,
            StorageKey = r.StorageKey,
            SealedLength = r.SealedLength,
            OriginalStorageKey = r.OriginalStorageKey,
            OriginalSealedLength = r.OriginalSealedLength,
            MetadataRemoved = r.MetadataRemoved,
            SealedContentHash = r.SealedContentHash,
            HashForIndex = r.HashForIndex,
            AddedOn = today,
        }));
        return true;
    }

    /// <summary>Deletes every expired pending file, blobs first; returns how many rows went.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var swept = 0;
        while (true)
        {
            var expired = await db.PendingEvidenceFiles.AsNoTracking().Where(f => f.ExpiresAt <= now)
                .OrderBy(f => f.ExpiresAt).Take(100).ToListAsync(cancellationToken);
            foreach (var row in expired)
            {
                await DeleteAsync(row, cancellationToken);
            }

            swept += expired.Count;
            if (expired.Count < 100)
            {
                return swept;
            }
        }
    }

    /// <summary>The claim's rows that have not expired (a row is never taken or listed after its claim expired).</summary>
    private async Task<List<PendingEvidenceFile>> HeldAsync(PendingClaim claim, CancellationToken cancellationToken)
    {
        if (claim.FileIds.Count == 0)
        {
            return [];
        }

        var now = time.GetUtcNow();
        var ids = claim.FileIds.ToList();
        var rows = await db.PendingEvidenceFiles.AsNoTracking().Where(f => ids.Contains(f.Id) && f.ExpiresAt > now).ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => ids.IndexOf(r.Id))];
    }

    private async Task<string?> LimitProblemAsync(List<Guid> ids, long adding, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var total = await db.PendingEvidenceFiles.Where(f => ids.Contains(f.Id)).SumAsync(f => f.SealedLength + (f.OriginalSealedLength ?? 0), cancellationToken);
        return EvidenceFiling.LimitMessage(limits, ids.Count, total + adding);
    }

    /// <summary>Blobs first, then the row: a failure in between leaves an expired row to sweep again, never a blob without a row.</summary>
    private async Task DeleteAsync(PendingEvidenceFile row, CancellationToken cancellationToken)
    {
        foreach (var key in new[] { row.StorageKey, row.OriginalStorageKey }.OfType<string>())
        {
            await blobs.DeleteAsync(key, cancellationToken);
        }

        await db.PendingEvidenceFiles.Where(f => f.Id == row.Id).ExecuteDeleteAsync(cancellationToken);
    }
}
