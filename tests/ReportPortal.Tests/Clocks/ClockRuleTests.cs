using System.Globalization;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Forces;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Clocks;

public sealed class ClockRuleTests
{
    private static readonly ClockSettings Defaults = new();
    private static readonly WorkingCalendar Calendar = WorkingCalendar.EnglandAndWales;

    private static DateOnly D(string date) => DateOnly.Parse(date, CultureInfo.InvariantCulture);

    private static ClockState Clock(CaseClockFacts facts, DeadlineKind kind, string today, ClockSettings? settings = null) =>
        ClockRules.Evaluate(facts, settings ?? Defaults, Calendar, D(today)).Single(c => c.Kind == kind);

    [Theory]
    [InlineData("2026-11-24", ClockStage.Running)]
    [InlineData("2026-11-25", ClockStage.Escalated)] // day 5
    [InlineData("2026-11-27", ClockStage.Escalated)] // day 7: due today, by the end of it
    [InlineData("2026-11-28", ClockStage.Overdue)] // the day after, as the staff inbox shows it
    public void Acknowledgement_escalates_at_day_5_and_is_overdue_after_day_7(string today, ClockStage expected)
    {
        var facts = new CaseClockFacts { SubmittedOn = D("2026-11-20") };

        Assert.Equal(expected, Clock(facts, DeadlineKind.HumanAcknowledgement, today).Stage);
    }

    [Fact]
    public void A_met_clock_a_closed_case_and_a_withdrawn_report_stop_reminders()
    {
        var late = "2026-12-20";
        var submitted = D("2026-11-20");

        Assert.Equal(ClockStage.Met, Clock(new() { SubmittedOn = submitted, AcknowledgedOn = D("2026-11-26") }, DeadlineKind.HumanAcknowledgement, late).Stage);
        Assert.Equal(ClockStage.Stopped, Clock(new() { SubmittedOn = submitted, ClosedOn = D("2026-11-23") }, DeadlineKind.HumanAcknowledgement, late).Stage);
        Assert.Equal(ClockStage.Stopped, Clock(new() { SubmittedOn = submitted, Withdrawn = true }, DeadlineKind.FeedbackToReporter, "2027-06-01").Stage);
        // A date set in the future does not count yet: the clock is recomputed from the facts on each day.
        Assert.Equal(ClockStage.Overdue, Clock(new() { SubmittedOn = submitted, ClosedOn = D("2026-12-21") }, DeadlineKind.HumanAcknowledgement, late).Stage);
    }

    [Fact]
    public void Retaliation_check_ins_continue_after_closure_but_not_after_withdrawal()
    {
        var closed = new CaseClockFacts { SubmittedOn = D("2026-01-31"), AcknowledgedOn = D("2026-02-02"), ClosedOn = D("2026-02-20") };
        var checkIns = ClockRules.Evaluate(closed, Defaults, Calendar, D("2026-03-01")).Where(c => c.Kind == DeadlineKind.RetaliationCheckIn).ToList();

        // Month ends: 31 January + 1 month is 28 February (no 31st), + 3 is 30 April, + 12 is 31 January.
        Assert.Equal([D("2026-02-28"), D("2026-04-30"), D("2026-07-31"), D("2027-01-31")], checkIns.Select(c => c.DueOn));
        Assert.Equal(ClockStage.Overdue, checkIns[0].Stage);
        Assert.All(checkIns.Skip(1), c => Assert.Equal(ClockStage.Running, c.Stage));

        var withdrawn = closed with { Withdrawn = true };
        Assert.All(
            ClockRules.Evaluate(withdrawn, Defaults, Calendar, D("2026-03-01")).Where(c => c.Kind == DeadlineKind.RetaliationCheckIn),
            c => Assert.Equal(ClockStage.Stopped, c.Stage));
    }

    [Theory]
    [InlineData("2028-02-29", "2028-03-29", "2029-02-28")] // leap day: +1 month, +12 months lands on the 28th
    [InlineData("2027-11-30", "2027-12-30", "2028-11-30")]
    [InlineData("2027-12-31", "2028-01-31", "2028-12-31")]
    public void Leap_days_and_month_ends_follow_calendar_months(string submitted, string firstCheckIn, string lastCheckIn)
    {
        var dates = ClockRules.CheckIns(D(submitted)).ToList();

        Assert.Equal(D(firstCheckIn), dates[0]);
        Assert.Equal(D(lastCheckIn), dates[^1]);
    }

    [Fact]
    public void Feedback_runs_three_months_from_acknowledgement_escalating_at_day_75()
    {
        // Acknowledged on 30 November 2027: 3 months later there is no 30 February, so it is the 29th (2028 is leap).
        var (due, escalate) = ClockRules.Feedback(D("2027-11-25"), D("2027-11-30"), Defaults);
        Assert.Equal(D("2028-02-29"), due);
        Assert.Equal(D("2027-11-30").AddDays(75), escalate);

        // Not acknowledged: it runs from the acknowledgement deadline (day 7).
        var (fallback, _) = ClockRules.Feedback(D("2026-11-20"), null, Defaults);
        Assert.Equal(D("2027-02-27"), fallback);
    }

    [Theory]
    [InlineData("2026-04-02", "2026-04-07")] // Thursday before Easter: Good Friday, weekend and Easter Monday skipped
    [InlineData("2026-05-22", "2026-05-26")] // Friday before the spring bank holiday
    [InlineData("2026-12-24", "2026-12-29")] // Christmas Eve: 25th, weekend, 28th (Boxing Day substitute)
    [InlineData("2026-06-10", "2026-06-11")] // an ordinary Wednesday
    public void Referral_decision_is_due_by_the_end_of_the_next_working_day(string ticked, string due)
    {
        var facts = new CaseClockFacts { SubmittedOn = D("2026-01-05"), AcknowledgedOn = D("2026-01-06"), ReferralCriterionTickedOn = D(ticked) };

        var clock = Clock(facts, DeadlineKind.IopcReferralDecision, ticked);

        Assert.Equal(D(due), clock.DueOn);
        Assert.Equal(ClockStage.Overdue, Clock(facts, DeadlineKind.IopcReferralDecision, D(due).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Stage);
        Assert.Equal(ClockStage.Met, Clock(facts with { ReferralDecidedOn = D(due) }, DeadlineKind.IopcReferralDecision, "2027-01-01").Stage);
    }

    [Fact]
    public void Long_investigations_report_at_12_months_then_every_6_without_drifting_from_month_ends()
    {
        var submitted = D("2026-08-31");
        var early = D("2026-09-01");

        Assert.Equal(D("2027-08-31"), ClockRules.LongInvestigation(submitted, null, Defaults, early));
        Assert.Equal(D("2028-02-29"), ClockRules.LongInvestigation(submitted, D("2027-08-31"), Defaults, early));
        // Counted from submission, not from 29 February: the next is 31 August again.
        Assert.Equal(D("2028-08-31"), ClockRules.LongInvestigation(submitted, D("2028-03-01"), Defaults, early));
        // A force that reports every 3 months.
        Assert.Equal(D("2027-11-30"), ClockRules.LongInvestigation(submitted, D("2027-09-01"), new ClockSettings { LongInvestigationRepeatMonths = 3 }, early));
    }

    [Theory]
    [InlineData("2025-02-27", "2025-02-28", ClockStage.Running)] // filed on a leap day: 12 months open is 28 February
    [InlineData("2025-02-28", "2025-02-28", ClockStage.Running)] // due today, by the end of it
    [InlineData("2025-03-01", "2025-02-28", ClockStage.Overdue)]
    [InlineData("2025-08-28", "2025-02-28", ClockStage.Overdue)] // still the missed report, the day before the next one
    [InlineData("2025-08-29", "2025-08-29", ClockStage.Running)] // 18 months from the leap day: the 29th, not drifted to the 28th
    [InlineData("2025-08-30", "2025-08-29", ClockStage.Overdue)] // a fresh due day, so a fresh reminder every 6 months
    [InlineData("2026-02-28", "2026-02-28", ClockStage.Running)] // 24 months
    public void An_unreported_long_investigation_falls_due_again_every_6_months(string today, string due, ClockStage stage)
    {
        var facts = new CaseClockFacts { SubmittedOn = D("2024-02-29"), AcknowledgedOn = D("2024-03-01") };

        var clock = Clock(facts, DeadlineKind.LongInvestigationReport, today);

        Assert.Equal((D(due), stage), (clock.DueOn, clock.Stage));
        Assert.Equal(ClockStage.Stopped, Clock(facts with { ClosedOn = D("2025-01-10") }, DeadlineKind.LongInvestigationReport, today).Stage);
    }

    [Theory]
    // Need on the Thursday before Easter 2027: Good Friday, the weekend the clocks go forward and Easter Monday are
    // skipped, so the two working days are Tuesday 30 and Wednesday 31 March. 22:59 UTC on the 31st is 23:59 BST.
    [InlineData("2027-03-31T22:59:00Z", ClockStage.Running)]
    [InlineData("2027-03-31T23:01:00Z", ClockStage.Overdue)] // 00:01 BST on 1 April, though still 31 March in UTC
    public void Welfare_assignment_skips_easter_and_turns_overdue_at_uk_midnight_after_the_clocks_go_forward(string nowUtc, ClockStage stage)
    {
        var time = new ManualTimeProvider(DateTimeOffset.Parse(nowUtc, CultureInfo.InvariantCulture));
        var facts = new CaseClockFacts { SubmittedOn = D("2027-03-20"), WelfareNeededSince = D("2027-03-25") };

        var clock = ClockRules.Evaluate(facts, Defaults, Calendar, UkCalendar.Today(time)).Single(c => c.Kind == DeadlineKind.WelfareLeadAssignment);

        Assert.Equal((D("2027-03-31"), stage), (clock.DueOn, clock.Stage));
    }

    [Fact]
    public void Welfare_clocks_are_met_by_their_own_step_and_stopped_by_closure_or_withdrawal()
    {
        var facts = new CaseClockFacts { SubmittedOn = D("2026-11-02"), WelfareNeededSince = D("2026-11-02") };
        var late = "2026-11-20";

        Assert.Equal(ClockStage.Overdue, Clock(facts, DeadlineKind.WelfareFirstContact, late).Stage); // due 9 November
        Assert.Equal(ClockStage.Overdue, Clock(facts, DeadlineKind.WelfareLeadAssignment, late).Stage); // due 4 November
        var assigned = facts with { WelfareLeadAssignedOn = D("2026-11-03") };
        Assert.Equal(ClockStage.Met, Clock(assigned, DeadlineKind.WelfareLeadAssignment, late).Stage);
        Assert.Equal(ClockStage.Overdue, Clock(assigned, DeadlineKind.WelfareFirstContact, late).Stage);
        Assert.Equal(ClockStage.Met, Clock(assigned with { WelfareFirstContactOn = D("2026-11-12") }, DeadlineKind.WelfareFirstContact, late).Stage);
        Assert.Equal(ClockStage.Stopped, Clock(facts with { ClosedOn = D("2026-11-05") }, DeadlineKind.WelfareFirstContact, late).Stage);
        Assert.Equal(ClockStage.Stopped, Clock(facts with { Withdrawn = true }, DeadlineKind.WelfareLeadAssignment, late).Stage);
    }

    [Fact]
    public void A_referral_decision_clock_escalates_nobody_early_and_a_decision_meets_it()
    {
        // Ticked on Friday 24 December 2027: Christmas and Boxing Day fall at the weekend, so both substitute
        // days (27 and 28 December) are skipped too and the decision is due on Wednesday the 29th.
        var facts = new CaseClockFacts { SubmittedOn = D("2027-12-20"), AcknowledgedOn = D("2027-12-21"), ReferralCriterionTickedOn = D("2027-12-24") };

        var clock = Clock(facts, DeadlineKind.IopcReferralDecision, "2027-12-29");
        Assert.Equal((D("2027-12-29"), null, ClockStage.Running), (clock.DueOn, clock.EscalateOn, clock.Stage));
        Assert.Equal(ClockStage.Overdue, Clock(facts, DeadlineKind.IopcReferralDecision, "2027-12-30").Stage);
        Assert.Equal(ClockStage.Met, Clock(facts with { ReferralDecidedOn = D("2027-12-24") }, DeadlineKind.IopcReferralDecision, "2027-12-30").Stage);
    }

    [Fact]
    public void Welfare_assignment_counts_working_days_and_first_contact_calendar_days()
    {
        var facts = new CaseClockFacts { SubmittedOn = D("2027-12-23"), WelfareNeededSince = D("2027-12-23") };

        Assert.Equal(D("2027-12-29"), Clock(facts, DeadlineKind.WelfareLeadAssignment, "2027-12-23").DueOn); // 24th, then the 29th
        Assert.Equal(D("2027-12-30"), Clock(facts, DeadlineKind.WelfareFirstContact, "2027-12-23").DueOn);
        Assert.DoesNotContain(ClockRules.Evaluate(facts with { WelfareNeededSince = null }, Defaults, Calendar, D("2027-12-23")), c => c.Kind == DeadlineKind.WelfareLeadAssignment);
    }

    [Fact]
    public void A_force_setting_recomputes_the_clock()
    {
        var facts = new CaseClockFacts { SubmittedOn = D("2026-11-20") };
        var strict = new ClockSettings { AcknowledgeWithinDays = 3, AcknowledgeEscalateAfterDays = 2 };

        Assert.Equal(ClockStage.Running, Clock(facts, DeadlineKind.HumanAcknowledgement, "2026-11-24").Stage);
        Assert.Equal(ClockStage.Overdue, Clock(facts, DeadlineKind.HumanAcknowledgement, "2026-11-24", strict).Stage);
    }

    [Fact]
    public void Reporter_access_ends_the_configured_months_after_closure()
    {
        var settings = new ClockSettings { ReporterAccessEndsMonthsAfterClosure = 6 };

        Assert.Equal(D("2027-02-28"), ClockRules.ReporterAccessEnds(D("2026-08-31"), settings));
        Assert.True(ClockRules.ReporterAccessOpen(D("2026-08-31"), settings, D("2027-02-28")));
        Assert.False(ClockRules.ReporterAccessOpen(D("2026-08-31"), settings, D("2027-03-01")));
        Assert.True(ClockRules.ReporterAccessOpen(null, settings, D("2099-01-01")));
    }

    [Theory]
    // 00:30 BST on 2 July is 23:30 UTC on 1 July: the case belongs to 2 July, and its day-5 escalation is 7 July.
    [InlineData("2026-07-01T23:30:00Z", "2026-07-07")]
    // The night the clocks go forward (29 March 2026, 01:00 GMT → 02:00 BST): 00:30 UTC is still the 29th.
    [InlineData("2026-03-29T00:30:00Z", "2026-04-03")]
    // The night they go back (25 October 2026): 00:30 UTC is 01:30 BST on the 25th; 23:30 UTC that day is GMT, still the 25th.
    [InlineData("2026-10-25T00:30:00Z", "2026-10-30")]
    [InlineData("2026-10-25T23:30:00Z", "2026-10-30")]
    // Midwinter: 23:30 UTC is 23:30 GMT, the same day.
    [InlineData("2026-12-31T23:30:00Z", "2027-01-05")]
    public void A_case_belongs_to_its_uk_date_across_gmt_and_bst(string filedAtUtc, string escalatesOn)
    {
        var clock = new ManualTimeProvider(DateTimeOffset.Parse(filedAtUtc, CultureInfo.InvariantCulture));
        var facts = new CaseClockFacts { SubmittedOn = UkCalendar.Today(clock) };

        var acknowledgement = ClockRules.Evaluate(facts, Defaults, Calendar, UkCalendar.Today(clock)).Single(c => c.Kind == DeadlineKind.HumanAcknowledgement);

        Assert.Equal(D(escalatesOn), acknowledgement.EscalateOn);
    }

    [Fact]
    public void A_clock_turns_overdue_at_uk_midnight_not_utc_midnight()
    {
        var facts = new CaseClockFacts { SubmittedOn = D("2026-07-01") }; // acknowledgement due 8 July
        var clock = new ManualTimeProvider(DateTimeOffset.Parse("2026-07-08T22:59:00Z", CultureInfo.InvariantCulture));

        Assert.Equal(ClockStage.Escalated, Clock(facts, DeadlineKind.HumanAcknowledgement, UkCalendar.Today(clock).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Stage);
        clock.Advance(TimeSpan.FromMinutes(2)); // 00:01 BST on 9 July, still 8 July in UTC
        Assert.Equal(ClockStage.Overdue, Clock(facts, DeadlineKind.HumanAcknowledgement, UkCalendar.Today(clock).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Stage);
    }
}
