using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ReportPortal.Core.Database;

/// <summary>
/// The reporter face's side of the row rules in <see cref="DatabasePrivileges"/>: its role reads or writes a
/// case's rows only inside a transaction that presents that case's receipt lookup, which only someone
/// holding the receipt (or a session sealed under the reporter's cookie) can compute. The role cannot read
/// any case's lookup itself, so it cannot borrow one.
/// </summary>
public static class ReporterCaseProof
{
    /// <summary>The transaction-local setting the policies read (migration 20261122050000_ReporterWrites).</summary>
    public const string Setting = "reportportal.case_proof";

    /// <summary>
    /// Begins a transaction in which the reporter role may act on the case with this receipt lookup, and on
    /// no other. The proof ends with the transaction (set_config's is_local), so a pooled connection never
    /// carries it to another request.
    /// </summary>
    public static async Task<IDbContextTransaction> BeginAsync(ReportPortalDbContext db, byte[] receiptLookup, CancellationToken cancellationToken)
    {
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var proof = Convert.ToHexStringLower(receiptLookup);
            await db.Database.ExecuteSqlAsync($"SELECT set_config('reportportal.case_proof', {proof}, true)", cancellationToken);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    /// <summary>The case a receipt lookup opens, found by a function that reads the lookup column on the role's behalf.</summary>
    public static async Task<Guid?> CaseByLookupAsync(ReportPortalDbContext db, byte[] receiptLookup, CancellationToken cancellationToken)
    {
        var found = await db.Database
            .SqlQuery<Guid>($"""SELECT id AS "Value" FROM reporter_case_by_lookup({receiptLookup}) AS id WHERE id IS NOT NULL""")
            .ToListAsync(cancellationToken);
        return found.Count == 1 ? found[0] : null;
    }

    /// <summary>Whether a case was already filed under this submission token hash (a repeated send of one report).</summary>
    public static async Task<bool> SubmissionFiledAsync(ReportPortalDbContext db, byte[] tokenHash, CancellationToken cancellationToken)
    {
        var filed = await db.Database
            .SqlQuery<bool>($"""SELECT reporter_submission_filed({tokenHash}) AS "Value" """)
            .ToListAsync(cancellationToken);
        return filed.Single();
    }
}
