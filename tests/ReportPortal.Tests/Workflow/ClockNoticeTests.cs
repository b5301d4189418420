extern alias staff;
extern alias workflow;

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Forces;
using ReportPortal.Core.Notifications;
using ReportPortal.Core.Staff;
using ReportPortal.Core.Welfare;
using ReportPortal.Tests.Infrastructure;
using ReportPortal.Tests.TestHost;
using ClockNotices = workflow::ReportPortal.Workflow.Clocks.ClockNotices;
using StaffRoles = staff::ReportPortal.StaffFace.Staff.StaffRoles;

namespace ReportPortal.Tests.Workflow;

/// <summary>
/// Every clock's escalation and overdue notices, raised by the workflow's own code connected as the workflow
/// role: who gets each one (handlers and force leads for the case's clocks, welfare leads for the welfare clocks),
/// once, never a member named in the report or who declared a conflict, and nothing about a met clock, a closed
/// case or a withdrawn report.
/// </summary>
public sealed class ClockNoticeTests : WorkflowTest
{
    // Friday 20 November 2026, late morning in London.
    private readonly ManualTimeProvider _time = new(DateTimeOffset.Parse("2026-11-20T10:00:00Z", CultureInfo.InvariantCulture));

    private DateOnly Today => UkCalendar.Today(_time);

    [Fact]
    public async Task Each_clock_reaches_exactly_its_people_once_and_nobody_hears_of_a_met_clock_a_closed_case_or_a_withdrawn_report()
    {
        var force = await WorkflowData.ForceAsync(Database);
        var otherForce = await WorkflowData.ForceAsync(Database);
        var handler = await MemberAsync(force, "handler");
        var namedHandler = await MemberAsync(force, "named-handler", index: 1);
        var lead = await MemberAsync(force, "lead", StaffRoles.ForceLead);
        var conflictedLead = await MemberAsync(force, "conflicted-lead", StaffRoles.ForceLead);
        var namedLead = await MemberAsync(force, "named-lead", StaffRoles.ForceLead, index: 2);
        var formerLead = await MemberAsync(force, "former-lead", StaffRoles.ForceLead, active: false);
        var elsewhereLead = await MemberAsync(otherForce, "elsewhere-lead", StaffRoles.ForceLead);
        var welfare = await MemberAsync(force, "welfare", StaffRoles.WelfareLead);
        var conflictedWelfare = await MemberAsync(force, "conflicted-welfare", StaffRoles.WelfareLead);
        var assignedWelfare = await MemberAsync(force, "assigned-welfare", StaffRoles.WelfareLead);

        // Day 5 without acknowledgement: escalated. One handler is named in it, one lead declared a conflict, one is named.
        var acknowledgement = await CaseAsync(force, Today.AddDays(-5), [handler, namedHandler], c => { });
        await WithDatabaseAsync(async db =>
        {
            db.CaseExcludedStaffNumbers.Add(new CaseExcludedStaffNumber { CaseId = acknowledgement, StaffNumberIndex = Index(1) });
            db.CaseSubjects.Add(new CaseSubject { CaseId = acknowledgement, SealedDetails = [1], StaffNumberIndex = Index(2) });
            db.ConflictDeclarations.Add(new ConflictDeclaration { CaseId = acknowledgement, StaffMemberId = conflictedLead.Id, DeclaredOn = Today, SealedReason = [1] });
            db.ConflictDeclarations.Add(new ConflictDeclaration { CaseId = acknowledgement, StaffMemberId = conflictedWelfare.Id, DeclaredOn = Today, SealedReason = [1] });
            await db.SaveChangesAsync();
        });

        // A criterion ticked on Tuesday: the decision was due by the end of Wednesday.
        var referral = await CaseAsync(force, Today.AddDays(-30), [handler], c =>
        {
            c.AcknowledgedOn = Today.AddDays(-29);
            c.ReferralCriterionTickedOn = D("2026-11-17");
        });

        // Acknowledged 80 days ago: feedback escalated at day 75, due in February.
        var feedback = await CaseAsync(force, Today.AddDays(-90), [handler], c => c.AcknowledgedOn = Today.AddDays(-80));

        // Thirteen months open: the long-investigation report was due a month ago (and feedback long since).
        var longRunning = await CaseAsync(force, Today.AddMonths(-13), [handler], c =>
        {
            c.AcknowledgedOn = Today.AddMonths(-13).AddDays(2);
            c.ReferralCriterionTickedOn = Today.AddMonths(-13).AddDays(3);
            c.ReferralDecision = ReferralDecision.DoNotRefer;
            c.ReferralDecidedOn = Today.AddMonths(-13).AddDays(4);
        });

        // Support needed ten days ago with nobody assigned: both welfare clocks overdue, for the welfare leads only.
        var unassigned = await CaseAsync(force, Today.AddDays(-10), [handler], c =>
        {
            c.AcknowledgedOn = Today.AddDays(-9);
            c.WelfareNeededSince = Today.AddDays(-10);
        });
        await WithDatabaseAsync(async db =>
        {
            db.ConflictDeclarations.Add(new ConflictDeclaration { CaseId = unassigned, StaffMemberId = conflictedWelfare.Id, DeclaredOn = Today, SealedReason = [1] });
            await db.SaveChangesAsync();
        });

        // Assigned in time, but nobody has made contact: its lead alone hears of it.
        var uncontacted = await WelfareCaseAsync(force, handler, assignedWelfare, contactedOn: null);

        // Nothing to say about any of these.
        var contacted = await WelfareCaseAsync(force, handler, assignedWelfare, contactedOn: Today.AddDays(-8));
        await CaseAsync(force, Today.AddDays(-10), [handler], c => { c.ClosedOn = Today.AddDays(-1); c.WelfareNeededSince = c.SubmittedOn; });
        await CaseAsync(force, Today.AddDays(-10), [handler], c => { c.Outcome = CaseOutcome.Withdrawn; c.WelfareNeededSince = c.SubmittedOn; });
        await CaseAsync(force, Today.AddDays(-8), [handler], c => c.AcknowledgedOn = Today.AddDays(-1));

        var raised = await RaiseAsync();

        var expected = new List<(Guid, Guid, NotificationKind, DeadlineKind)>
        {
            (acknowledgement, handler.Id, NotificationKind.ClockEscalated, DeadlineKind.HumanAcknowledgement),
            (acknowledgement, lead.Id, NotificationKind.ClockEscalated, DeadlineKind.HumanAcknowledgement),
            // With no lead yet, every eligible welfare lead of the force: the one busy elsewhere too, not the conflicted one.
            (unassigned, welfare.Id, NotificationKind.ClockOverdue, DeadlineKind.WelfareLeadAssignment),
            (unassigned, welfare.Id, NotificationKind.ClockOverdue, DeadlineKind.WelfareFirstContact),
            (unassigned, assignedWelfare.Id, NotificationKind.ClockOverdue, DeadlineKind.WelfareLeadAssignment),
            (unassigned, assignedWelfare.Id, NotificationKind.ClockOverdue, DeadlineKind.WelfareFirstContact),
            (uncontacted, assignedWelfare.Id, NotificationKind.ClockOverdue, DeadlineKind.WelfareFirstContact),
        };
        foreach (var member in new[] { handler, lead, conflictedLead, namedLead })
        {
            expected.Add((referral, member.Id, NotificationKind.ClockOverdue, DeadlineKind.IopcReferralDecision));
            expected.Add((feedback, member.Id, NotificationKind.ClockEscalated, DeadlineKind.FeedbackToReporter));
            expected.Add((longRunning, member.Id, NotificationKind.ClockOverdue, DeadlineKind.LongInvestigationReport));
            expected.Add((longRunning, member.Id, NotificationKind.ClockOverdue, DeadlineKind.FeedbackToReporter));
        }

        var notices = await NoticesAsync();
        var names = new[] { handler, namedHandler, lead, conflictedLead, namedLead, formerLead, elsewhereLead, welfare, conflictedWelfare, assignedWelfare }
            .ToDictionary(m => m.Id, m => m.DisplayName);
        string Describe(IEnumerable<(Guid Case, Guid Member, NotificationKind Kind, DeadlineKind Clock)> rows) =>
            string.Join("\n", rows.Select(r => $"{r.Case} {names[r.Member]} {r.Kind} {r.Clock}").Order(StringComparer.Ordinal));
        Assert.Equal(Describe(expected), Describe(notices.Select(n => (n.CaseId, n.StaffMemberId, n.Kind, n.Clock!.Value))));
        Assert.Equal(expected.Count, raised);
        Assert.DoesNotContain(notices, n => n.CaseId == contacted);
        Assert.DoesNotContain(notices, n => n.StaffMemberId == formerLead.Id || n.StaffMemberId == elsewhereLead.Id || n.StaffMemberId == conflictedWelfare.Id);
        Assert.Equal(D("2026-11-18"), notices.First(n => n.Clock == DeadlineKind.IopcReferralDecision).ClockDueOn);
        Assert.Equal(D("2026-11-12"), notices.First(n => n.Clock == DeadlineKind.WelfareLeadAssignment).ClockDueOn); // two working days from Tuesday 10th

        // Again, and again on another node: nothing more.
        Assert.Equal(0, await RaiseAsync());
        Assert.Equal(notices.Count, (await NoticesAsync()).Count);

        // Six months on, the unreported long investigation falls due again; the met and the closed stay quiet.
        _time.Advance(TimeSpan.FromDays(183));
        await WithDatabaseAsync(db => db.Cases.Where(c => c.Id != longRunning).ExecuteUpdateAsync(s => s.SetProperty(c => c.ClosedOn, Today.AddDays(-1))));
        await RaiseAsync();
        var before = notices.Select(n => n.Id).ToHashSet();
        var later = (await NoticesAsync()).Where(n => !before.Contains(n.Id)).ToList();
        Assert.Equal(
            Sorted(new[] { handler, lead, conflictedLead, namedLead }.Select(m => (longRunning, m.Id, NotificationKind.ClockOverdue, DeadlineKind.LongInvestigationReport))),
            Sorted(later.Select(n => (n.CaseId, n.StaffMemberId, n.Kind, n.Clock!.Value))));
        // Filed on 20 October 2025: 12 months open was 20 October 2026, 18 months is 20 April 2027.
        Assert.All(later, n => Assert.Equal(D("2027-04-20"), n.ClockDueOn));
    }

    [Fact]
    public async Task The_right_people_get_one_email_each_and_a_clock_met_before_it_goes_out_is_left_out()
    {
        var force = await WorkflowData.ForceAsync(Database);
        var handler = await MemberAsync(force, "handler");
        var referralHandler = await MemberAsync(force, "referral-handler");
        var lead = await MemberAsync(force, "lead", StaffRoles.ForceLead);
        var welfare = await MemberAsync(force, "welfare", StaffRoles.WelfareLead);
        await CaseAsync(force, Today.AddDays(-5), [handler], c => { });
        await CaseAsync(force, Today.AddDays(-10), [handler], c =>
        {
            c.AcknowledgedOn = Today.AddDays(-9);
            c.WelfareNeededSince = Today.AddDays(-10);
        });
        var referral = await CaseAsync(force, Today.AddDays(-30), [referralHandler], c =>
        {
            c.AcknowledgedOn = Today.AddDays(-29);
            c.ReferralCriterionTickedOn = D("2026-11-17");
        });
        Assert.Equal(6, await RaiseAsync()); // acknowledgement x2, welfare x2, referral x2

        // The decision is recorded before the digests are gathered: nobody is told about it.
        await WithDatabaseAsync(db => db.Cases.Where(c => c.Id == referral).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.ReferralDecision, ReferralDecision.Refer).SetProperty(c => c.ReferralDecidedOn, Today)));
        var host = StartHost(new ShiftedTimeProvider(_time.GetUtcNow()));

        await Smtp.WaitForAsync(3);
        await Task.Delay(TimeSpan.FromSeconds(4));
        var mail = Smtp.Messages();
        Assert.True(mail.Count == 3, host.Logs.Text);
        Assert.Equal(["handler@force.test", "lead@force.test", "welfare@force.test"], mail.Select(m => m.To).Order(StringComparer.Ordinal));
        Assert.Contains("2 things need your attention", mail.Single(m => m.To == "welfare@force.test").Raw, StringComparison.Ordinal);
        var dropped = (await NoticesAsync()).Where(n => n.CaseId == referral).ToList();
        Assert.Equal(2, dropped.Count);
        Assert.All(dropped, n => Assert.NotNull(n.DroppedOn));
    }

    private static DateOnly D(string date) => DateOnly.Parse(date, CultureInfo.InvariantCulture);

    private static byte[] Index(byte value) => Enumerable.Repeat(value, 32).ToArray();

    private static List<(Guid, Guid, NotificationKind, DeadlineKind)> Sorted(IEnumerable<(Guid, Guid, NotificationKind, DeadlineKind)> rows) =>
        rows.OrderBy(r => r.Item1).ThenBy(r => r.Item2).ThenBy(r => r.Item3).ThenBy(r => r.Item4).ToList();

    /// <summary>The workflow's own notice code, connected as the workflow role.</summary>
    private async Task<int> RaiseAsync()
    {
        await using var db = ReporterApp.Database(PostgresServer.AsRole(Database, PostgresServer.TestRoles.WorkflowRole));
        return await new ClockNotices(db, WorkingCalendar.EnglandAndWales, _time).RaiseAsync(CancellationToken.None);
    }

    private async Task<List<Notification>> NoticesAsync()
    {
        await using var db = ReporterApp.Database(Database);
        return await db.Notifications.AsNoTracking().ToListAsync();
    }

    private async Task WithDatabaseAsync(Func<Core.Database.ReportPortalDbContext, Task> work)
    {
        await using var db = ReporterApp.Database(Database);
        await work(db);
    }

    private async Task<StaffMember> MemberAsync(Force force, string name, string? role = null, byte? index = null, bool active = true)
    {
        var member = await WorkflowData.HandlerAsync(Database, force, name);
        await WithDatabaseAsync(async db =>
        {
            await db.StaffMembers.Where(s => s.Id == member.Id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.IsActive, active)
                .SetProperty(m => m.StaffNumberIndex, index is { } i ? Index(i) : null));
            if (role is not null)
            {
                db.StaffMemberRoles.Add(new StaffRoleAssignment { StaffMemberId = member.Id, Role = role });
                await db.SaveChangesAsync();
            }
        });
        return member;
    }

    private async Task<Guid> CaseAsync(Force force, DateOnly submittedOn, StaffMember[] handlers, Action<Case> facts)
    {
        var @case = await WorkflowData.CaseAsync(Database, force, submittedOn, handlers);
        await WithDatabaseAsync(async db =>
        {
            var row = await db.Cases.SingleAsync(c => c.Id == @case.Id);
            facts(row);
            await db.SaveChangesAsync();
        });
        return @case.Id;
    }

    /// <summary>Support needed ten days ago, assigned the next day; a contact logged on <paramref name="contactedOn"/>, if given.</summary>
    private async Task<Guid> WelfareCaseAsync(Force force, StaffMember handler, StaffMember lead, DateOnly? contactedOn)
    {
        var caseId = await CaseAsync(force, Today.AddDays(-10), [handler], c =>
        {
            c.AcknowledgedOn = Today.AddDays(-9);
            c.WelfareNeededSince = Today.AddDays(-10);
        });
        await WithDatabaseAsync(async db =>
        {
            db.WelfareSupports.Add(new WelfareSupport { CaseId = caseId, LeadStaffMemberId = lead.Id, AssignedOn = Today.AddDays(-9) });
            if (contactedOn is { } day)
            {
                db.WelfareLogEntries.Add(new WelfareLogEntry { CaseId = caseId, Sequence = 2, Kind = WelfareLogKind.Contact, StaffMemberId = lead.Id, WrittenOn = day, SealedBody = [1] });
            }

            await db.SaveChangesAsync();
        });
        return caseId;
    }
}
