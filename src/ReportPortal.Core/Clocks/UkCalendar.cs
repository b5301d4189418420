namespace ReportPortal.Core.Clocks;

/// <summary>
/// Dates as people in England and Wales see them. Cases keep day-granularity dates only (DESIGN §4),
/// so "today" must be the UK day, not the UTC one, or a report filed at 00:30 BST lands on yesterday.
/// </summary>
public static class UkCalendar
{
    public static readonly TimeZoneInfo TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static DateOnly Today(TimeProvider time) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), TimeZone).DateTime);
}
