using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Database;

namespace ReportPortal.Core.Cases;

/// <summary>
/// Hands out a case's next message or timeline event number with one atomic UPDATE … RETURNING on the case
/// row, so concurrent writers (a reporter and a handler at once, a double click, the workflow) never collide
/// on the unique (CaseId, Sequence) indexes, and nothing in normal use puts a constraint violation in the log.
/// A number taken by a change that then fails is simply never used: sequences order, they do not count.
/// </summary>
public static class CaseSequence
{
    public static async Task<int> NextMessageAsync(ReportPortalDbContext db, Guid caseId, CancellationToken cancellationToken) =>
        (await db.Database
            .SqlQuery<int>($"""UPDATE "Cases" SET "LastMessageSequence" = "LastMessageSequence" + 1 WHERE "Id" = {caseId} RETURNING "LastMessageSequence" AS "Value" """)
            .ToListAsync(cancellationToken)).Single();

    public static async Task<int> NextEventAsync(ReportPortalDbContext db, Guid caseId, CancellationToken cancellationToken) =>
        (await db.Database
            .SqlQuery<int>($"""UPDATE "Cases" SET "LastEventSequence" = "LastEventSequence" + 1 WHERE "Id" = {caseId} RETURNING "LastEventSequence" AS "Value" """)
            .ToListAsync(cancellationToken)).Single();
}
