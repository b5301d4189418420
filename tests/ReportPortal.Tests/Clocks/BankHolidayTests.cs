using ReportPortal.Core.Clocks;
using Microsoft.Extensions.Configuration;

namespace ReportPortal.Tests.Clocks;

public sealed class BankHolidayTests
{
    private static readonly WorkingCalendar Calendar = WorkingCalendar.EnglandAndWales;

    [Fact]
    public void The_shipped_calendar_covers_2026_to_2030()
    {
        var (first, last) = WorkingCalendar.ShippedYears;

        Assert.True(first <= 2026, $"first year {first}");
        Assert.True(last >= 2030, $"last year {last}");
    }

    [Theory]
    [InlineData(2026)]
    [InlineData(2027)]
    [InlineData(2028)]
    [InlineData(2029)]
    [InlineData(2030)]
    public void Shipped_dates_are_exactly_what_the_standing_rules_give(int year)
    {
        // An independent derivation (Easter by the Gregorian computus, fixed Mondays, weekend substitutes):
        // a typo in the data file, or a missing substitute day, shows up as a difference.
        var shipped = Calendar.Holidays.Where(d => d.Year == year).Order().ToList();

        Assert.Equal(StandingRules(year), shipped);
    }

    [Theory]
    [InlineData("2026-12-28", "Boxing Day on a Saturday moves to Monday")]
    [InlineData("2027-12-27", "Christmas Day on a Saturday moves to Monday")]
    [InlineData("2027-12-28", "Boxing Day on a Sunday moves past the Christmas substitute to Tuesday")]
    [InlineData("2028-01-03", "New Year's Day on a Saturday moves to Monday")]
    [InlineData("2027-03-26", "Good Friday")]
    [InlineData("2030-04-22", "Easter Monday")]
    public void Substitute_days_and_moveable_feasts_are_not_working_days(string date, string why)
    {
        Assert.False(Calendar.IsWorkingDay(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)), why);
    }

    [Fact]
    public void Working_days_skip_weekends_and_bank_holidays()
    {
        // Thursday 2 April 2026 + 1 working day: Good Friday, the weekend and Easter Monday are skipped.
        Assert.Equal(new DateOnly(2026, 4, 7), Calendar.AddWorkingDays(new DateOnly(2026, 4, 2), 1));
        // Christmas Eve 2027 (Friday) + 2: the 27th and 28th are substitutes.
        Assert.Equal(new DateOnly(2027, 12, 30), Calendar.AddWorkingDays(new DateOnly(2027, 12, 24), 2));
        // A plain week: Monday + 2 is Wednesday.
        Assert.Equal(new DateOnly(2026, 6, 10), Calendar.AddWorkingDays(new DateOnly(2026, 6, 8), 2));
    }

    [Fact]
    public void A_deployment_can_add_a_proclaimed_holiday_and_a_bad_date_is_refused_by_name()
    {
        var added = WorkingCalendar.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [WorkingCalendar.ExtraHolidaysSection + ":0"] = "2029-06-08" }).Build());

        Assert.False(added.IsWorkingDay(new DateOnly(2029, 6, 8)));
        Assert.False(added.IsWorkingDay(new DateOnly(2029, 12, 25)));
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2029, 6, 8)));

        var bad = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [WorkingCalendar.ExtraHolidaysSection + ":0"] = "8/6/2029" }).Build();
        var error = Assert.Throws<InvalidOperationException>(() => WorkingCalendar.FromConfiguration(bad));
        Assert.Contains("ReportPortal:Calendar:ExtraHolidays:0", error.Message, StringComparison.Ordinal);
    }

    private static List<DateOnly> StandingRules(int year)
    {
        var easter = EasterSunday(year);
        var fixedDays = new List<DateOnly>();
        var result = new List<DateOnly>
        {
            easter.AddDays(-2),
            easter.AddDays(1),
            FirstMonday(new DateOnly(year, 5, 1)),
            LastMonday(new DateOnly(year, 5, 31)),
            LastMonday(new DateOnly(year, 8, 31)),
        };
        foreach (var day in new[] { new DateOnly(year, 1, 1), new DateOnly(year, 12, 25), new DateOnly(year, 12, 26) })
        {
            var moved = day;
            while (moved.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || fixedDays.Contains(moved))
            {
                moved = moved.AddDays(1);
            }

            fixedDays.Add(moved);
        }

        return [.. result.Concat(fixedDays).Order()];
    }

    private static DateOnly FirstMonday(DateOnly from)
    {
        while (from.DayOfWeek != DayOfWeek.Monday)
        {
            from = from.AddDays(1);
        }

        return from;
    }

    private static DateOnly LastMonday(DateOnly from)
    {
        while (from.DayOfWeek != DayOfWeek.Monday)
        {
            from = from.AddDays(-1);
        }

        return from;
    }

    /// <summary>The anonymous Gregorian computus (Meeus/Jones/Butcher).</summary>
    private static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }
}
