using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Database;
using ReportPortal.Core.Evidence;
using ReportPortal.Crypto;
using ReportPortal.StaffFace.Secrets;

namespace ReportPortal.StaffFace.Related;

/// <summary>
/// The blind index of reporter files. The reporter face cannot compute it (it never holds the index key), so
/// it wraps each file's SHA-256 to the intake key; on every intake pass the internal side opens those, stores
/// the evidence-hash index and drops the wrapped hash. Handler-attached files are indexed when attached.
/// </summary>
public static class EvidenceIndexing
{
    public const int BatchSize = 200;

    /// <summary>Indexes every reporter file still waiting; returns how many were indexed.</summary>
    public static async Task<int> IndexWaitingAsync(ReportPortalDbContext db, StaffSecrets secrets, ILogger logger, CancellationToken cancellationToken)
    {
        var done = 0;
        while (true)
        {
            var files = await db.EvidenceFiles.Where(f => f.HashForIndex != null).OrderBy(f => f.Id).Take(BatchSize).ToListAsync(cancellationToken);
            foreach (var file in files)
            {
                try
                {
                    var hash = KeyWrap.UnwrapWithPrivateKey(file.HashForIndex!, secrets.IntakeKey.PrivateKey, EvidenceFiling.HashWrapContext(file.Id));
                    file.ContentHashIndex = secrets.Indexes.EvidenceHash(hash);
                    CryptographicOperations.ZeroMemory(hash);
                    done++;
                }
                catch (CryptographicException)
                {
                    // Not wrapped for this file by our intake key: it links nothing, and is not tried again.
                    logger.LogWarning("Evidence file {EvidenceFileId} carried a hash that does not open with the intake key; it is left unindexed.", file.Id);
                }

                file.HashForIndex = null;
            }

            await db.SaveChangesAsync(cancellationToken);
            if (files.Count < BatchSize)
            {
                return done;
            }
        }
    }
}
