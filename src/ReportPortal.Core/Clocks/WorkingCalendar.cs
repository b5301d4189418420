using System.Collections.Frozen;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace ReportPortal.Core.Clocks;

/// <summary>
/// Which days count as working days for the clocks: Monday to Friday, less the bank holidays of England and
/// Wales the service ships (england-and-wales-bank-holidays.txt) and any a deployment adds in
/// <c>ReportPortal:Calendar:ExtraHolidays</c> (a one-off holiday proclaimed after a release).
/// </summary>
public sealed class WorkingCalendar
{
    public const string ExtraHolidaysSection = "ReportPortal:Calendar:ExtraHolidays";

    private const string ShippedResource = "ReportPortal.Core.Clocks.england-and-wales-bank-holidays.txt";

    private static readonly Lazy<FrozenSet<DateOnly>> Shipped = new(ReadShipped);

    public WorkingCalendar(IEnumerable<DateOnly> holidays) => Holidays = holidays.ToFrozenSet();

    /// <summary>The shipped England and Wales calendar with nothing added.</summary>
    public static WorkingCalendar EnglandAndWales { get; } = new(Shipped.Value);

    public IReadOnlySet<DateOnly> Holidays { get; }

    /// <summary>The years the shipped data covers: a clock reaching past them is counted with weekends only.</summary>
    public static (int First, int Last) ShippedYears => (Shipped.Value.Min().Year, Shipped.Value.Max().Year);

    public static WorkingCalendar FromConfiguration(IConfiguration configuration)
    {
        var extra = new List<DateOnly>();
        foreach (var entry in configuration.GetSection(ExtraHolidaysSection).GetChildren())
        {
            extra.Add(DateOnly.TryParseExact(entry.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date
                : throw new InvalidOperationException($"{entry.Path} must be a date written yyyy-MM-dd; it is '{entry.Value}'."));
        }

        return extra.Count == 0 ? EnglandAndWales : new WorkingCalendar(Shipped.Value.Concat(extra));
    }

    public bool IsWorkingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !Holidays.Contains(date);

    /// <summary>The date <paramref name="workingDays"/> working days after <paramref name="start"/> (the start day itself never counts).</summary>
    public DateOnly AddWorkingDays(DateOnly start, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        var date = start;
        var remaining = workingDays;
        while (remaining > 0)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date))
            {
                remaining--;
            }
        }

        return date;
    }

    private static FrozenSet<DateOnly> ReadShipped()
    {
        using var stream = typeof(WorkingCalendar).Assembly.GetManifestResourceStream(ShippedResource)
            ?? throw new InvalidOperationException($"The shipped bank holiday list {ShippedResource} is missing from the build.");
        using var reader = new StreamReader(stream);
        var dates = new HashSet<DateOnly>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            dates.Add(DateOnly.ParseExact(line[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        return dates.ToFrozenSet();
    }
}
