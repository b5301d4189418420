using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Database;
using ReportPortal.Core.Forces;

namespace ReportPortal.Core.Clocks;

/// <summary>
/// <c>Cases.NextDueOn</c>, the one stored answer the staff inbox sorts and filters on, is a projection of
/// <see cref="ClockRules"/> and nothing else: the earliest due day of the case's inbox clocks still running
/// (the same function the workflow's notices call). It is written wherever its inputs change: every case
/// change, intake, and a force's clock-settings save (all the force's open cases, set-based). The one input
/// that moves by the date alone is the long-investigation clock (12 months, then every 6); the day it next
/// moves is kept in <c>Cases.ClocksRecomputeOn</c>, and every reader of the projection first recomputes the
/// cases whose day has come (<see cref="RefreshAsync"/>), so no stored answer is ever read stale.
/// </summary>
public static class ClockProjection
{
    /// <summary>The clocks a case's handlers answer for: the inbox shows, sorts and filters on these.</summary>
    public static readonly IReadOnlyList<DeadlineKind> InboxKinds =
        [DeadlineKind.HumanAcknowledgement, DeadlineKind.IopcReferralDecision, DeadlineKind.FeedbackToReporter, DeadlineKind.LongInvestigationReport];

    /// <summary>Rows per UPDATE when many cases are recomputed at once.</summary>
    private const int Batch = 5_000;

    /// <summary>What is stored for one case: the earliest open inbox clock, and the day that answer may change by the date alone.</summary>
    public readonly record struct Projection(DateOnly? NextDueOn, DateOnly? RecomputeOn);

    public static bool Open(ClockState clock) =>
        InboxKinds.Contains(clock.Kind) && clock.Stage is ClockStage.Running or ClockStage.Escalated or ClockStage.Overdue;

    public static Projection Project(CaseClockFacts facts, ClockSettings settings, WorkingCalendar calendar, DateOnly today)
    {
        var open = ClockRules.Evaluate(facts, settings, calendar, today).Where(Open).ToList();
        var nextDue = open.Count == 0 ? (DateOnly?)null : open.Min(c => c.DueOn);
        var recompute = open.Any(c => c.Kind == DeadlineKind.LongInvestigationReport)
            ? ClockRules.LongInvestigationMovesOn(facts.SubmittedOn, facts.LongInvestigationReportedOn, settings, today)
            : (DateOnly?)null;
        return new Projection(nextDue, recompute);
    }

    /// <summary>
    /// Recomputes the projection of the given cases from their own dates and their force's settings as the
    /// database holds them now (so call it after saving the change, in the same transaction). Only rows whose
    /// answer differs are written; the case's version is left alone, as this is not anyone's edit.
    /// </summary>
    public static async Task<int> RecomputeAsync(ReportPortalDbContext db, IQueryable<Case> cases, WorkingCalendar calendar, DateOnly today, CancellationToken cancellationToken)
    {
        var sources = await ClockFacts.LoadAsync(db, cases, cancellationToken);
        if (sources.Count == 0)
        {
            return 0;
        }

        var settings = await ClockFacts.SettingsAsync(db, sources.Select(s => s.ForceId), cancellationToken);
        var written = 0;
        foreach (var batch in sources.Chunk(Batch))
        {
            var projected = batch.Select(s => Project(s.Facts, settings[s.ForceId], calendar, today)).ToArray();
            var ids = batch.Select(s => s.CaseId).ToArray();
            var nextDue = projected.Select(p => p.NextDueOn).ToArray();
            var recompute = projected.Select(p => p.RecomputeOn).ToArray();
            written += await db.Database.ExecuteSqlAsync($"""
                UPDATE "Cases" c SET "NextDueOn" = v.next_due, "ClocksRecomputeOn" = v.recompute_on
                FROM unnest({ids}::uuid[], {nextDue}::date[], {recompute}::date[]) AS v(id, next_due, recompute_on)
                WHERE c."Id" = v.id
                  AND (c."NextDueOn" IS DISTINCT FROM v.next_due OR c."ClocksRecomputeOn" IS DISTINCT FROM v.recompute_on)
                """, cancellationToken);
        }

        return written;
    }

    /// <summary>
    /// Marks every open case for recomputing on the next read of its force's inbox. Run when a process starts:
    /// the working calendar (its extra holidays) is read at start-up, so a projection written under the
    /// calendar of an earlier start is brought up to date by the first read under this one.
    /// </summary>
    public static Task<int> MarkOpenForRecomputeAsync(ReportPortalDbContext db, DateOnly today, CancellationToken cancellationToken) =>
        db.Cases.Where(c => c.ClosedOn == null && c.Outcome != CaseOutcome.Withdrawn && (c.ClocksRecomputeOn == null || c.ClocksRecomputeOn > today))
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.ClocksRecomputeOn, today), cancellationToken);

    /// <summary>Recomputes one case (after a change to it, in the change's transaction).</summary>
    public static Task<int> RecomputeCaseAsync(ReportPortalDbContext db, Guid caseId, WorkingCalendar calendar, DateOnly today, CancellationToken cancellationToken) =>
        RecomputeAsync(db, db.Cases.Where(c => c.Id == caseId), calendar, today, cancellationToken);

    /// <summary>
    /// Recomputes every open case of a force, under the force's projection lock (after its settings changed,
    /// in the same transaction as the change).
    /// </summary>
    public static async Task<int> RecomputeForceAsync(ReportPortalDbContext db, Guid forceId, WorkingCalendar calendar, DateOnly today, CancellationToken cancellationToken)
    {
        await LockForceAsync(db, forceId, cancellationToken);
        return await RecomputeAsync(db, db.Cases.Where(c => c.ForceId == forceId && c.ClosedOn == null && c.Outcome != CaseOutcome.Withdrawn), calendar, today, cancellationToken);
    }

    /// <summary>
    /// Brings forward the force's cases whose projection the date alone has moved (a long investigation's next
    /// due day has come). Cheap when there are none: one probe of IX_Cases_ClocksRecomputeOn. Runs in its own
    /// transaction under the force's projection lock, so two readers never update the same rows in turn.
    /// </summary>
    public static async Task<int> RefreshAsync(ReportPortalDbContext db, Guid forceId, WorkingCalendar calendar, DateOnly today, CancellationToken cancellationToken)
    {
        var due = db.Cases.Where(c => c.ForceId == forceId && c.ClocksRecomputeOn != null && c.ClocksRecomputeOn <= today);
        if (!await due.AnyAsync(cancellationToken))
        {
            return 0;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockForceAsync(db, forceId, cancellationToken);
        var written = await RecomputeAsync(db, due, calendar, today, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return written;
    }

    /// <summary>
    /// One transaction at a time rewrites many of a force's projections (a settings save or a refresh), always
    /// taking this lock first: two of them never wait on each other's rows in opposite orders.
    /// </summary>
    private static Task<int> LockForceAsync(ReportPortalDbContext db, Guid forceId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended('clock-projection:' || {forceId.ToString("N")}, 0))", cancellationToken);
}
