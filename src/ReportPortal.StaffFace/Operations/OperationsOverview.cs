using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;
using ReportPortal.Core.Operations;
using ReportPortal.StaffFace.Administration;

namespace ReportPortal.StaffFace.Operations;

/// <summary>
/// What the operators' page shows: the workflow's jobs, the staff email backlog and the clocks of each
/// force in the administrator's scope. Counts, days and job names only: nothing about any case's content,
/// and no case is named (administrators hold no grant and see none).
/// </summary>
public sealed class OperationsOverview(ReportPortalDbContext db, AdminScope scope, TimeProvider time, WorkingCalendar calendar)
{
    /// <summary>A job that has not started for this long is shown as stopped (the poll interval is a minute by default).</summary>
    public static readonly TimeSpan QuietAfter = TimeSpan.FromMinutes(15);

    /// <summary>How far ahead "due soon" looks.</summary>
    public const int SoonDays = 7;

    public sealed record JobState(string Job, string Label, WorkflowRun? Run, string Status, bool Healthy);

    public sealed record EmailBacklog(int WaitingNotifications, int WaitingDigests, int RetryingDigests, DateTimeOffset? OldestWaitingSince, string? LastFailure);

    public sealed record ClockCount(DeadlineKind Kind, int Overdue, int Escalated, int DueSoon);

    public sealed record ForceClocks(string Code, string Name, IReadOnlyList<ClockCount> Clocks);

    public sealed record Overview(DateTimeOffset Now, IReadOnlyList<JobState> Jobs, EmailBacklog Email, IReadOnlyList<ForceClocks> Forces);

    /// <summary>The jobs the workflow runs (WorkflowJobs), by their fixed names.</summary>
    public static readonly IReadOnlyList<(string Job, string Label)> Jobs =
    [
        ("clock-notices", "Clock notices"),
        ("staff-email-outbox", "Staff email"),
        ("retaliation-check-ins", "Retaliation check-ins"),
    ];

    public async Task<Overview> LoadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var runs = await db.WorkflowRuns.AsNoTracking().ToDictionaryAsync(r => r.Job, cancellationToken);
        var jobs = Jobs.Select(j => Describe(j.Job, j.Label, runs.GetValueOrDefault(j.Job), now)).ToList();
        return new Overview(now, jobs, await EmailAsync(cancellationToken), await ClocksAsync(cancellationToken));
    }

    internal static JobState Describe(string job, string label, WorkflowRun? run, DateTimeOffset now) => run switch
    {
        null => new(job, label, null, "Never run: is the workflow process running?", false),
        { ConsecutiveFailures: > 0 } => new(job, label, run, $"Failing: {run.ConsecutiveFailures} run{(run.ConsecutiveFailures == 1 ? string.Empty : "s")} in a row", false),
        _ when now - run.LastStartedAt > QuietAfter => new(job, label, run, "Stopped: no run for over 15 minutes", false),
        _ => new(job, label, run, "Running normally", true),
    };

    private async Task<EmailBacklog> EmailAsync(CancellationToken cancellationToken)
    {
        var staff = scope.Staff.Select(s => s.Id);
        var waiting = await db.Notifications.CountAsync(n => staff.Contains(n.StaffMemberId) && n.DigestId == null && n.DroppedOn == null, cancellationToken);
        var digests = db.NotificationDigests.Where(d => staff.Contains(d.StaffMemberId) && d.SentAt == null && d.DroppedAt == null);
        var waitingDigests = await digests.CountAsync(cancellationToken);
        var retrying = await digests.CountAsync(d => d.Attempts > 0, cancellationToken);
        var oldest = await digests.MinAsync(d => (DateTimeOffset?)d.CreatedAt, cancellationToken);
        var lastFailure = await digests.Where(d => d.LastFailure != null).OrderByDescending(d => d.NextAttemptAt).Select(d => d.LastFailure).FirstOrDefaultAsync(cancellationToken);
        return new EmailBacklog(waiting, waitingDigests, retrying, oldest, lastFailure);
    }

    private async Task<IReadOnlyList<ForceClocks>> ClocksAsync(CancellationToken cancellationToken)
    {
        var today = UkCalendar.Today(time);
        var soon = today.AddDays(SoonDays);
        var forces = await scope.Forces.AsNoTracking().OrderBy(f => f.Name).Select(f => new { f.Id, f.Code, f.Name }).ToListAsync(cancellationToken);
        var ids = forces.Select(f => f.Id).ToList();
        // The clocks of open cases as the workflow acts on them (ClockRules over each case's own dates and its
        // force's settings, never stored due days): a met clock, a closed case or a withdrawn report has stopped.
        var cases = await ClockFacts.LoadAsync(db, db.Cases.Where(c => ids.Contains(c.ForceId) && c.ClosedOn == null && c.Outcome != CaseOutcome.Withdrawn), cancellationToken);
        var settings = await ClockFacts.SettingsAsync(db, ids, cancellationToken);
        var open = cases
            .SelectMany(c => ClockRules.Evaluate(c.Facts, settings[c.ForceId], calendar, today)
                .Where(clock => clock.DueOn <= soon && clock.Stage is ClockStage.Running or ClockStage.Escalated or ClockStage.Overdue)
                .Select(clock => (c.ForceId, clock)))
            .GroupBy(x => (x.ForceId, x.clock.Kind))
            .Select(g => new
            {
                g.Key.ForceId,
                g.Key.Kind,
                Overdue = g.Count(x => x.clock.Stage == ClockStage.Overdue),
                Escalated = g.Count(x => x.clock.Stage == ClockStage.Escalated),
                DueSoon = g.Count(x => x.clock.Stage != ClockStage.Overdue),
            }).ToList();
        return forces.Select(f => new ForceClocks(f.Code, f.Name, Enum.GetValues<DeadlineKind>()
                .Select(kind => open.FirstOrDefault(o => o.ForceId == f.Id && o.Kind == kind) is { } o
                    ? new ClockCount(kind, o.Overdue, o.Escalated, o.DueSoon)
                    : new ClockCount(kind, 0, 0, 0))
                .ToList()))
            .ToList();
    }
}
