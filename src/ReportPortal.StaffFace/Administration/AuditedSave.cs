using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Database;

namespace ReportPortal.StaffFace.Administration;

/// <summary>
/// Saves an administration change and its audit entry in one transaction. A concurrency failure (the row's
/// version or stamp no longer matches the form's) rolls both back and answers <see cref="AdminOutcome.Stale"/>.
/// </summary>
internal static class AuditedSave
{
    /// <param name="alsoInTransaction">More work that commits or rolls back with the change (run after it is saved and audited).</param>
    public static async Task<AdminOutcome> SaveAsync(ReportPortalDbContext db, AuditLog audit, IDbContextTransaction transaction,
        string action, Guid administratorId, string detail, CancellationToken cancellationToken, Func<Task>? alsoInTransaction = null)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return AdminOutcome.Stale;
        }

        await audit.AppendAsync(action, administratorId, null, detail, cancellationToken);
        if (alsoInTransaction is not null)
        {
            await alsoInTransaction();
        }

        await transaction.CommitAsync(cancellationToken);
        return AdminOutcome.Done;
    }
}
