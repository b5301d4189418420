using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Forces;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Clocks;

public sealed class SubmissionClockTests
{
    private static readonly WorkingCalendar NoHolidays = new([]);

    [Fact]
    public void A_report_keeps_check_in_rows_but_no_handler_clock_rows()
    {
        var submitted = new DateOnly(2026, 11, 20);
        var deadlines = SubmissionClocks.Start(Guid.NewGuid(), submitted, new ClockSettings(), welfareNeeded: false, NoHolidays);

        // The handlers' clocks are derived by ClockRules wherever they are shown, never stored a second time.
        Assert.DoesNotContain(deadlines, d => ClockProjection.InboxKinds.Contains(d.Kind));
        Assert.Equal(
            [new DateOnly(2026, 12, 20), new DateOnly(2027, 2, 20), new DateOnly(2027, 5, 20), new DateOnly(2027, 11, 20)],
            deadlines.Where(d => d.Kind == DeadlineKind.RetaliationCheckIn).Select(d => d.DueOn));
        Assert.DoesNotContain(deadlines, d => d.Kind is DeadlineKind.WelfareLeadAssignment or DeadlineKind.WelfareFirstContact);
    }

    [Fact]
    public void A_report_starts_acknowledgement_and_feedback_clocks()
    {
        var submitted = new DateOnly(2026, 11, 20);
        var clocks = ClockRules.Evaluate(new CaseClockFacts { SubmittedOn = submitted }, new ClockSettings(), NoHolidays, submitted);

        var acknowledgement = clocks.Single(d => d.Kind == DeadlineKind.HumanAcknowledgement);
        Assert.Equal((new DateOnly(2026, 11, 27), new DateOnly(2026, 11, 25)), (acknowledgement.DueOn, acknowledgement.EscalateOn));
        var feedback = clocks.Single(d => d.Kind == DeadlineKind.FeedbackToReporter);
        Assert.Equal((new DateOnly(2027, 2, 27), submitted.AddDays(7 + 75)), (feedback.DueOn, feedback.EscalateOn));
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

        Assert.Equal((new DateOnly(2026, 1, 4), new DateOnly(2026, 1, 3)), ClockRules.Acknowledgement(new DateOnly(2026, 1, 1), clocks));
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
