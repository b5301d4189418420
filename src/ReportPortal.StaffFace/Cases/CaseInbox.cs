using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;

namespace ReportPortal.StaffFace.Cases;

public static class InboxSorts
{
    public const string Newest = "newest";
    public const string Oldest = "oldest";
    public const string NextDue = "next-due";

    public static readonly IReadOnlyList<string> All = [Newest, Oldest, NextDue];
}

public static class InboxAssignments
{
    public const string Me = "me";
    public const string Unassigned = "unassigned";
}

/// <summary>What the inbox is asked for; every value comes from the query string and is checked here.</summary>
public sealed record InboxQuery(
    string? State = null, string? Category = null, bool Overdue = false, string? Assigned = null, string? Sort = null, string? After = null, string? Before = null);

public sealed record InboxClock(DeadlineKind Kind, DateOnly DueOn, bool Overdue);

public sealed record InboxRow(
    Guid Id, string Reference, CaseStatus Status, ReportCategories Categories, DateOnly SubmittedOn, bool AssignedToMe, bool Unassigned,
    IReadOnlyList<InboxClock> Clocks, DateOnly LongInvestigationOn, bool FiledDuringSurge)
{
    public bool Overdue => Clocks.Any(c => c.Overdue);
}

/// <summary>A page of the inbox; <see cref="PreviousBefore"/> and <see cref="NextAfter"/> are the cursors of the pages either side, if any.</summary>
public sealed record InboxResult(IReadOnlyList<InboxRow> Rows, string? NextAfter, string? PreviousBefore = null);

/// <summary>
/// The handler's inbox: cases of their force they hold a grant for, keyset-paged. Written as one SQL
/// statement so its plan is predictable at a million cases: the planner either walks
/// IX_Cases_Inbox_Received / IX_Cases_Inbox_NextDue (force, sort key, id) from the cursor and probes the
/// grant index per row, stopping after one page (a member who holds most of the force's cases), or starts
/// from the member's grants in IX_KeyGrants_StaffInbox and fetches each case by key (a member who holds
/// few). "Assigned to me" has its own index. Nothing here is sealed, so nothing is opened.
/// </summary>
public sealed class CaseInbox(ReportPortalDbContext db, CaseAccess access, TimeProvider time, WorkingCalendar calendar)
{
    public const int PageSize = 25;

    public static readonly IReadOnlyDictionary<string, ReportCategories> Categories = new Dictionary<string, ReportCategories>
    {
        ["racist"] = ReportCategories.Racist,
        ["misogynistic-or-sexist"] = ReportCategories.MisogynisticOrSexist,
        ["homophobic-or-transphobic"] = ReportCategories.HomophobicOrTransphobic,
        ["disablist-or-other-discriminatory"] = ReportCategories.DisablistOrOtherDiscriminatory,
        ["crime-scene-or-victim-images"] = ReportCategories.CrimeSceneOrVictimImages,
        ["contacting-vulnerable-people"] = ReportCategories.ContactingVulnerablePeopleForSexualPurpose,
        ["other-grossly-offensive"] = ReportCategories.OtherGrosslyOffensive,
        ["other"] = ReportCategories.Other,
    };

    public async Task<InboxResult?> LoadAsync(InboxQuery query, CancellationToken cancellationToken)
    {
        if (access.HandlerForceId is not { } forceId)
        {
            return null;
        }

        var me = access.StaffMemberId;
        var today = UkCalendar.Today(time);
        // The stored next-due days are the clock rules' answer; first bring forward any the date alone has moved.
        await ClockProjection.RefreshAsync(db, forceId, calendar, today, cancellationToken);
        var parameters = new List<NpgsqlParameter> { new("force", forceId), new("me", me) };
        var where = new List<string>
        {
            "c.\"ForceId\" = @force",
            "EXISTS (SELECT 1 FROM \"KeyGrants\" g WHERE g.\"CaseId\" = c.\"Id\" AND g.\"StaffMemberId\" = @me AND g.\"Holder\" = 'staff' AND g.\"Purpose\" = 'case-content')",
        };
        if (query.State is { } state && StoredNames.Status.All.Contains(state))
        {
            where.Add("c.\"Status\" = @state");
            parameters.Add(new("state", state));
        }

        if (query.Category is { } category && Categories.TryGetValue(category, out var flag))
        {
            where.Add("(c.\"Categories\" & @category) <> 0");
            parameters.Add(new("category", (int)flag));
        }

        if (query.Overdue)
        {
            where.Add("c.\"NextDueOn\" < @today");
            parameters.Add(new("today", today));
        }

        if (query.Assigned == InboxAssignments.Me)
        {
            where.Add("c.\"AssigneeStaffMemberId\" = @me");
        }
        else if (query.Assigned == InboxAssignments.Unassigned)
        {
            where.Add("c.\"AssigneeStaffMemberId\" IS NULL");
        }

        var sort = InboxSorts.All.Contains(query.Sort ?? string.Empty) ? query.Sort! : InboxSorts.Newest;
        // A previous page is the same keyset walked the other way from its first row, then turned round.
        var backwards = Cursor.TryParse(query.Before, out var cursorDate, out var cursorId);
        var forwards = !backwards && Cursor.TryParse(query.After, out cursorDate, out cursorId);
        var orderBy = (sort, backwards) switch
        {
            (InboxSorts.Oldest, false) => "c.\"SubmittedOn\", c.\"Id\"",
            (InboxSorts.Oldest, true) => "c.\"SubmittedOn\" DESC, c.\"Id\" DESC",
            (InboxSorts.NextDue, false) => "c.\"NextDueOn\" NULLS LAST, c.\"Id\"",
            (InboxSorts.NextDue, true) => "c.\"NextDueOn\" DESC NULLS FIRST, c.\"Id\" DESC",
            (_, false) => "c.\"SubmittedOn\" DESC, c.\"Id\" DESC",
            (_, true) => "c.\"SubmittedOn\", c.\"Id\"",
        };
        if (forwards || backwards)
        {
            parameters.Add(new("cursor_id", cursorId));
            if (cursorDate is { } date)
            {
                parameters.Add(new("cursor_date", date));
            }

            // "Later in the list" for this sort: after the cursor going forwards, before it going back.
            var later = (sort == InboxSorts.Newest) == backwards ? ">" : "<";
            where.Add((sort, cursorDate is not null, backwards) switch
            {
                (InboxSorts.NextDue, true, false) => "((c.\"NextDueOn\", c.\"Id\") > (@cursor_date, @cursor_id) OR c.\"NextDueOn\" IS NULL)",
                (InboxSorts.NextDue, false, false) => "(c.\"NextDueOn\" IS NULL AND c.\"Id\" > @cursor_id)",
                (InboxSorts.NextDue, true, true) => "(c.\"NextDueOn\", c.\"Id\") < (@cursor_date, @cursor_id)",
                (InboxSorts.NextDue, false, true) => "(c.\"NextDueOn\" IS NOT NULL OR c.\"Id\" < @cursor_id)",
                (_, true, _) => $"(c.\"SubmittedOn\", c.\"Id\") {later} (@cursor_date, @cursor_id)",
                _ => "false",
            });
        }

        parameters.Add(new("limit", PageSize + 1));
        var sql = $"SELECT c.* FROM \"Cases\" c WHERE {string.Join(" AND ", where)} ORDER BY {orderBy} LIMIT @limit";
        var cases = await db.Cases.FromSqlRaw(sql, parameters.ToArray<object>()).AsNoTracking()
            .Select(c => new { c.Id, c.Reference, c.Status, c.Categories, c.SubmittedOn, c.AssigneeStaffMemberId, c.NextDueOn, c.ForceId, c.FiledDuringSurge })
            .ToListAsync(cancellationToken);
        var more = cases.Count > PageSize;
        var page = cases.Take(PageSize).ToList();
        if (backwards)
        {
            page.Reverse();
        }

        // The clocks shown are the workflow's own (ClockRules over the case's dates), so the inbox and the notices agree.
        var ids = page.Select(c => c.Id).ToList();
        var facts = (await ClockFacts.LoadAsync(db, db.Cases.Where(c => ids.Contains(c.Id)), cancellationToken)).ToDictionary(c => c.CaseId, c => c.Facts);
        var clocks = await db.Forces.AsNoTracking().Where(f => f.Id == forceId).Select(f => f.Clocks).SingleAsync(cancellationToken);
        var rows = page.Select(c => new InboxRow(
            c.Id, c.Reference, c.Status, c.Categories, c.SubmittedOn, c.AssigneeStaffMemberId == me, c.AssigneeStaffMemberId is null,
            CaseClocks.Open(facts[c.Id], clocks, calendar, today),
            c.SubmittedOn.AddMonths(clocks.LongInvestigationFirstReportMonths), c.FiledDuringSurge)).ToList();
        if (page.Count == 0)
        {
            return new InboxResult(rows, null);
        }

        // Going forwards, a page was left behind (if we came by a cursor) and more may follow; going back, the reverse.
        var (first, last) = (page[0], page[^1]);
        var next = (backwards || more) ? Cursor.Format(sort == InboxSorts.NextDue ? last.NextDueOn : last.SubmittedOn, last.Id) : null;
        var previous = (forwards || (backwards && more)) ? Cursor.Format(sort == InboxSorts.NextDue ? first.NextDueOn : first.SubmittedOn, first.Id) : null;
        return new InboxResult(rows, next, previous);
    }

    /// <summary>"yyyy-MM-dd.id" or "none.id": the sort key and id of the last row shown, so the next page starts after it.</summary>
    internal static class Cursor
    {
        public static string Format(DateOnly? date, Guid id) =>
            $"{date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "none"}.{id:N}";

        public static bool TryParse(string? text, out DateOnly? date, out Guid id)
        {
            date = null;
            id = Guid.Empty;
            var parts = text?.Split('.');
            if (parts is not { Length: 2 } || !Guid.TryParseExact(parts[1], "N", out id))
            {
                return false;
            }

            if (parts[0] == "none")
            {
                return true;
            }

            if (!DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return false;
            }

            date = parsed;
            return true;
        }
    }
}
