using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;
using ReportPortal.Core.Forces;

namespace ReportPortal.StaffFace.Cases;

/// <summary>The clocks a handler answers for, as the inbox and the case page show them: <see cref="ClockRules"/>' answer, as the workflow's.</summary>
public static class CaseClocks
{
    /// <summary>The inbox clocks still running on <paramref name="today"/>, earliest first.</summary>
    public static IReadOnlyList<InboxClock> Open(CaseClockFacts facts, ClockSettings settings, WorkingCalendar calendar, DateOnly today) =>
        ClockRules.Evaluate(facts, settings, calendar, today)
            .Where(ClockProjection.Open)
            .OrderBy(c => c.DueOn)
            .Select(c => new InboxClock(c.Kind, c.DueOn, c.Stage == ClockStage.Overdue))
            .ToList();

    /// <summary>Every inbox clock of one case on <paramref name="today"/>, met and stopped ones too, earliest due first.</summary>
    public static async Task<IReadOnlyList<ClockState>> OfCaseAsync(ReportPortalDbContext db, Guid caseId, WorkingCalendar calendar, DateOnly today, CancellationToken cancellationToken)
    {
        var source = (await ClockFacts.LoadAsync(db, db.Cases.Where(c => c.Id == caseId), cancellationToken)).Single();
        var settings = (await ClockFacts.SettingsAsync(db, [source.ForceId], cancellationToken))[source.ForceId];
        return ClockRules.Evaluate(source.Facts, settings, calendar, today)
            .Where(c => ClockProjection.InboxKinds.Contains(c.Kind))
            .OrderBy(c => c.DueOn)
            .ToList();
    }
}
