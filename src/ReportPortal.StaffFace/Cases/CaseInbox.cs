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
public sealed record InboxQuery(string? State = null, string? Category = null, bool Overdue = false, string? Assigned = null, string? Sort = null, string? After = null);

public sealed record InboxClock(DeadlineKind Kind, DateOnly DueOn, bool Overdue);

public sealed record InboxRow(
    Guid Id, string Reference, CaseStatus Status, ReportCategories Categories, DateOnly SubmittedOn, bool AssignedToMe, bool Unassigned,
    IReadOnlyList<InboxClock> Clocks, DateOnly LongInvestigationOn)
{
    public bool Overdue => Clocks.Any(c => c.Overdue);
}

public sealed record InboxResult(IReadOnlyList<InboxRow> Rows, string? NextAfter);

/// <summary>
/// The handler's inbox: cases of their force they hold a grant for, keyset-paged. Written as one SQL
/// statement so its plan is predictable at a million cases: the planner either walks
/// IX_Cases_Inbox_Received / IX_Cases_Inbox_NextDue (force, sort key, id) from the cursor and probes the
/// grant index per row, stopping after one page (a member who holds most of the force's cases), or starts
/// from the member's grants in IX_KeyGrants_StaffInbox and fetches each case by key (a member who holds
/// few). "Assigned to me" has its own index. Nothing here is sealed, so nothing is opened.
/// </summary>
public sealed class CaseInbox(ReportPortalDbContext db, CaseAccess access, TimeProvider time)
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
        var orderBy = sort switch
        {
            InboxSorts.Oldest => "c.\"SubmittedOn\", c.\"Id\"",
            InboxSorts.NextDue => "c.\"NextDueOn\" NULLS LAST, c.\"Id\"",
            _ => "c.\"SubmittedOn\" DESC, c.\"Id\" DESC",
        };
        if (Cursor.TryParse(query.After, out var afterDate, out var afterId))
        {
            parameters.Add(new("after_id", afterId));
            if (afterDate is { } date)
            {
                parameters.Add(new("after_date", date));
            }

            where.Add(sort switch
            {
                InboxSorts.Oldest when afterDate is not null => "(c.\"SubmittedOn\", c.\"Id\") > (@after_date, @after_id)",
                InboxSorts.NextDue when afterDate is not null => "((c.\"NextDueOn\", c.\"Id\") > (@after_date, @after_id) OR c.\"NextDueOn\" IS NULL)",
                InboxSorts.NextDue => "(c.\"NextDueOn\" IS NULL AND c.\"Id\" > @after_id)",
                _ when afterDate is not null => "(c.\"SubmittedOn\", c.\"Id\") < (@after_date, @after_id)",
                _ => "false",
            });
        }

        parameters.Add(new("limit", PageSize + 1));
        var sql = $"SELECT c.* FROM \"Cases\" c WHERE {string.Join(" AND ", where)} ORDER BY {orderBy} LIMIT @limit";
        var cases = await db.Cases.FromSqlRaw(sql, parameters.ToArray<object>()).AsNoTracking()
            .Select(c => new { c.Id, c.Reference, c.Status, c.Categories, c.SubmittedOn, c.AssigneeStaffMemberId, c.NextDueOn, c.ForceId })
            .ToListAsync(cancellationToken);
        var more = cases.Count > PageSize;
        var page = cases.Take(PageSize).ToList();
        var ids = page.Select(c => c.Id).ToList();
        var deadlines = await db.Deadlines.AsNoTracking()
            .Where(d => ids.Contains(d.CaseId) && d.MetOn == null && CaseClocks.InboxKinds.Contains(d.Kind))
            .ToListAsync(cancellationToken);
        var clocks = await db.Forces.AsNoTracking().Where(f => f.Id == forceId).Select(f => f.Clocks).SingleAsync(cancellationToken);
        var rows = page.Select(c => new InboxRow(
            c.Id, c.Reference, c.Status, c.Categories, c.SubmittedOn, c.AssigneeStaffMemberId == me, c.AssigneeStaffMemberId is null,
            deadlines.Where(d => d.CaseId == c.Id).OrderBy(d => d.DueOn).Select(d => new InboxClock(d.Kind, d.DueOn, d.DueOn < today)).ToList(),
            c.SubmittedOn.AddMonths(clocks.LongInvestigationFirstReportMonths))).ToList();
        string? next = null;
        if (more)
        {
            var last = page[^1];
            next = Cursor.Format(sort == InboxSorts.NextDue ? last.NextDueOn : last.SubmittedOn, last.Id);
        }

        return new InboxResult(rows, next);
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
