using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Database;
using ReportPortal.Core.Secrets;

namespace ReportPortal.Core.Retention;

/// <summary>
/// Gets a retention-period key ready to be destroyed: every grant still wrapped under it (cases still
/// open, on legal hold or not yet due) has its outer layer moved to the current key, without opening the
/// case. What is left under the old key after that is only what the database no longer holds: the
/// grants of shredded cases, in backups. Destroying the key (removing it from every settings file and
/// vault) then makes those unreadable, the escrow grant included.
/// </summary>
public static class RetentionKeyRetirement
{
    private const int Batch = 500;

    /// <summary>Moves every grant under <paramref name="keyId"/> to the current key; returns how many moved.</summary>
    public static async Task<int> MoveOffAsync(ReportPortalDbContext db, RetentionKeys retention, string keyId, AuditLog audit, CancellationToken cancellationToken)
    {
        if (keyId == retention.CurrentId)
        {
            throw new InvalidOperationException($"'{keyId}' is the current retention key: make a new key current in every process's settings first.");
        }

        // An identity grant waiting for its release day is sealed under the staff face's hold key, out of reach here.
        if (await db.DisclosureRequests.AnyAsync(r => r.HeldGrantRetentionKeyId == keyId, cancellationToken))
        {
            throw new InvalidOperationException($"An approved identity disclosure waiting for its release day holds a grant under '{keyId}': retire the key after it is released.");
        }

        var moved = 0;
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var grants = await db.KeyGrants.Where(g => g.RetentionKeyId == keyId).OrderBy(g => g.Id).Take(Batch).ToListAsync(cancellationToken);
            if (grants.Count == 0)
            {
                await audit.AppendAsync(AuditActions.RetentionKeyRetired, null, null, $"{keyId} -> {retention.CurrentId}: {moved} grants moved", cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return moved;
            }

            foreach (var grant in grants)
            {
                CaseGrants.MoveToRetentionKey(grant, retention, retention.CurrentId);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            moved += grants.Count;
        }
    }
}
