using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Staff;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Attack;

/// <summary>Findings against intake (h/attack): conflict-of-interest dodged by ordinary typing; intake starved.</summary>
public sealed class IntakeAttackTests : ReporterAppTest
{
    /// <summary>
    /// The subject's force is free text. Anything that is not the exact code or name of a known force ("Demo
    /// Police", "Demo", a typo) makes intake index the staff number under "unlisted:...", so it never equals the
    /// handler's own index and the named handler receives the report about themselves.
    /// </summary>
    [Theory]
    [InlineData("Demo Police", "1234")]
    [InlineData("", "PC 1234")]
    [InlineData("", "01234")]
    public async Task A_handler_named_in_a_report_never_receives_it_however_the_reporter_writes_force_or_number(string typedForce, string typedNumber)
    {
        await AddStaffAsync("alice", "4001");
        var named = await AddStaffAsync("named", "1234");
        await FileAsync(new ReportFields().Set("subjects[0].force", typedForce).Set("subjects[0].staff-number", typedNumber));

        await RunIntakeAsync();

        var grants = await App.WithDatabaseAsync(db => db.KeyGrants.AsNoTracking().Where(g => g.Holder == KeyHolder.Staff).ToListAsync());
        Assert.DoesNotContain(grants, g => g.StaffMemberId == named.Id);
    }

    /// <summary>
    /// Intake takes the 50 waiting cases with the smallest ids, and a case its force cannot hand to anyone
    /// (every handler named, or no handler yet) stays waiting forever. An outsider who files enough such
    /// reports (within the filing limits, over a few hours) starves every genuine report whose random id sorts
    /// after theirs: it never reaches a handler.
    /// </summary>
    [Fact]
    public async Task Reports_that_cannot_be_handed_on_do_not_starve_genuine_reports_of_intake()
    {
        await AddStaffAsync("alice", "4001");
        for (var i = 0; i < 60; i++)
        {
            if (i % 5 == 4)
            {
                App.Clock.Advance(TimeSpan.FromMinutes(61)); // stay within the per-source filing limit
            }

            await FileAsync(new ReportFields().Set("subjects[0].staff-number", "4001"));
        }

        App.Clock.Advance(TimeSpan.FromMinutes(61));
        for (var i = 0; i < 20; i++)
        {
            if (i % 5 == 4)
            {
                App.Clock.Advance(TimeSpan.FromMinutes(61));
            }

            await FileAsync(new ReportFields().Set("subjects[0].staff-number", "9999"));
        }

        for (var run = 0; run < 5; run++)
        {
            await RunIntakeAsync();
        }

        var handedOn = await App.WithDatabaseAsync(db => db.KeyGrants.AsNoTracking().CountAsync(g => g.Holder == KeyHolder.Staff));
        Assert.Equal(20, handedOn);
    }

    private Task<int> RunIntakeAsync() => App.RunIntakeAsync();

    private Task<StaffMember> AddStaffAsync(string name, string staffNumber) => App.AddStaffAsync(name, staffNumber);
}
