using Npgsql;
using ReportPortal.Core.Cases;

namespace ReportPortal.Core.Statistics;

/// <summary>
/// Whether a case's human acknowledgement and its feedback to the reporter came on time, in SQL over the
/// case's own dates and its force's clock settings (the rules of <see cref="Clocks.ClockRules"/>), so
/// statistics are counted in the database and the shred pass writes the same verdict into the tombstone.
/// A verdict is true (met by its due day), false (met after it, or still not met once it passed) or null
/// (not yet due, or the case closed before it fell due without it).
/// </summary>
public static class ClockVerdicts
{
    /// <summary>
    /// A SELECT of the cases matching <paramref name="where"/> (over alias <c>c</c>): force, status, outcome,
    /// submission and closure days and both verdicts. Reads no sealed column. Needs <see cref="Today"/>.
    /// </summary>
    public static string CasesSql(string where) => $"""
        SELECT c."ForceId", c."Status", c."Outcome", c."SubmittedOn", c."ClosedOn",
               CASE WHEN c."AcknowledgedOn" IS NOT NULL THEN c."AcknowledgedOn" <= ack.due
                    WHEN coalesce(c."ClosedOn", @today) > ack.due THEN false END AS "AcknowledgedOnTime",
               CASE WHEN fb.given IS NOT NULL THEN fb.given <= fb.due
                    WHEN coalesce(c."ClosedOn", @today) > fb.due THEN false END AS "FeedbackOnTime"
        FROM "Cases" c
        JOIN "Forces" f ON f."Id" = c."ForceId"
        CROSS JOIN LATERAL (SELECT c."SubmittedOn" + f."AcknowledgeWithinDays" AS due) ack
        CROSS JOIN LATERAL (
            -- Feedback runs from the acknowledgement, or from the day acknowledgement was due if there is none.
            SELECT (coalesce(c."AcknowledgedOn", ack.due) + make_interval(months => f."FeedbackWithinMonths"))::date AS due,
                   (SELECT min(e."OccurredOn") FROM "CaseEvents" e
                     WHERE e."CaseId" = c."Id" AND e."Kind" = '{StoredNames.EventKind[CaseEventKind.FeedbackGiven]}') AS given) fb
        WHERE {where}
        """;

    /// <summary>The UK day a clock still running is judged on.</summary>
    public static NpgsqlParameter Today(DateOnly today) => new("today", today);
}
