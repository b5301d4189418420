using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Database;

namespace ReportPortal.Core.Cases;

/// <summary>
/// Hands out a case's next message number with one atomic UPDATE … RETURNING on the case row, so
/// concurrent messages (a reporter and a handler at once, or a double click) never collide on the
/// unique (CaseId, Sequence) index, and nothing in normal use puts a constraint violation in the log.
/// </summary>
public static class MessageSequence
{
    public static async Task<int> NextAsync(ReportPortalDbContext db, Guid caseId, CancellationToken cancellationToken)
    {
        var allocated = await db.Database
            .SqlQuery<int>($"""UPDATE "Cases" SET "LastMessageSequence" = "LastMessageSequence" + 1 WHERE "Id" = {caseId} RETURNING "LastMessageSequence" AS "Value" """)
            .ToListAsync(cancellationToken);
        return allocated.Single();
    }
}
