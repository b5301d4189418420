using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Forces;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Clocks;

public sealed class SubmissionClockTests
{
    private static readonly WorkingCalendar NoHolidays = new([]);

    [Fact]
    public void A_report_starts_acknowledgement_feedback_and_check_in_clocks()
    {
        var submitted = new DateOnly(2026, 11, 20);
        var deadlines = SubmissionClocks.Start(Guid.NewGuid(), submitted, new ClockSettings(), welfareNeeded: false, NoHolidays);

        var acknowledgement = deadlines.Single(d => d.Kind == DeadlineKind.HumanAcknowledgement);
        Assert.Equal(new DateOnly(2026, 11, 27), acknowledgement.DueOn);
        Assert.Equal(new DateOnly(2026, 11, 25), acknowledgement.EscalateOn);
        var feedback = deadlines.Single(d => d.Kind == DeadlineKind.FeedbackToReporter);
        Assert.Equal(new DateOnly(2027, 2, 27), feedback.DueOn);
        Assert.Equal(submitted.AddDays(7 + 75), feedback.EscalateOn);
        Assert.Equal(
            [new DateOnly(2026, 12, 20), new DateOnly(2027, 2, 20), new DateOnly(2027, 5, 20), new DateOnly(2027, 11, 20)],
            deadlines.Where(d => d.Kind == DeadlineKind.RetaliationCheckIn).Select(d => d.DueOn));
        Assert.DoesNotContain(deadlines, d => d.Kind is DeadlineKind.WelfareLeadAssignment or DeadlineKind.WelfareFirstContact);
    }

    [Fact]
    public void Welfare_assignment_counts_working_days_skipping_weekends_and_bank_holidays()
    {
        // Thursday 24 December 2026: Friday is Christmas Day, Monday 28th is the Boxing Day substitute (shipped calendar).
        var submitted = new DateOnly(2026, 12, 24);

        var deadlines = SubmissionClocks.Start(Guid.NewGuid(), submitted, new ClockSettings(), welfareNeeded: true, WorkingCalendar.EnglandAndWales);

        Assert.Equal(new DateOnly(2026, 12, 30), deadlines.Single(d => d.Kind == DeadlineKind.WelfareLeadAssignment).DueOn);
        Assert.Equal(new DateOnly(2026, 12, 31), deadlines.Single(d => d.Kind == DeadlineKind.WelfareFirstContact).DueOn);
    }

    [Fact]
    public void A_force_can_tune_its_clocks()
    {
        var clocks = new ClockSettings { AcknowledgeWithinDays = 3, AcknowledgeEscalateAfterDays = 2 };
        var deadline = SubmissionClocks.Start(Guid.NewGuid(), new DateOnly(2026, 1, 1), clocks, false, NoHolidays)
            .Single(d => d.Kind == DeadlineKind.HumanAcknowledgement);

        Assert.Equal(new DateOnly(2026, 1, 4), deadline.DueOn);
        Assert.Equal(new DateOnly(2026, 1, 3), deadline.EscalateOn);
    }

    [Theory]
    [InlineData("2026-07-01T23:30:00Z", "2026-07-02")] // 00:30 BST is already the next UK day
    [InlineData("2026-12-31T23:30:00Z", "2026-12-31")] // GMT in winter
    [InlineData("2026-03-29T00:30:00Z", "2026-03-29")] // the night the clocks go forward
    public void Today_is_the_uk_day(string utc, string expected)
    {
        var clock = new ManualTimeProvider(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), UkCalendar.Today(clock));
    }
}
