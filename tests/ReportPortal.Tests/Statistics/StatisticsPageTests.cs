extern alias @operator;

using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Forces;
using ReportPortal.Core.Retention;
using ReportPortal.Tests.Administration;
using static ReportPortal.Tests.Statistics.StatisticsSeed;
using DemoData = @operator::ReportPortal.Operator.DemoData;

namespace ReportPortal.Tests.Statistics;

/// <summary>
/// The oversight statistics page on real PostgreSQL through the real staff face: figures hand-computed over
/// a seeded mix of live cases and tombstones, small numbers hidden with their protecting cells, a real shred
/// that changes no figure, and who sees which force.
/// </summary>
public sealed class StatisticsPageTests : AdminTest
{
    private static readonly DateOnly Day = DateOnly.FromDateTime(StatisticsSeed.Today.UtcDateTime);

    [Fact]
    public async Task Figures_count_the_forces_live_cases_and_tombstones_and_hide_small_numbers_so_no_total_gives_them_away()
    {
        Staff.Clock.Set(StatisticsSeed.Today);
        var demo = await ForceIdAsync("demo");
        var other = await OtherForceAsync();
        // Today is 20 May 2027; acknowledgement is due 7 days after submission, feedback 3 months after acknowledgement.
        await LiveAsync(App, demo, 6, CaseStatus.Received, new(2027, 5, 2));                                          // ack late (not done, due 9 May); feedback not yet due
        await LiveAsync(App, demo, 5, CaseStatus.UnderInvestigation, new(2027, 2, 10), new(2027, 2, 12), feedback: new(2027, 4, 1)); // both on time
        await LiveAsync(App, demo, 1, CaseStatus.Assessing, new(2027, 1, 5), new(2027, 1, 20));                        // ack late; feedback due 20 April, not given: late
        await LiveAsync(App, demo, 7, CaseStatus.Closed, new(2026, 11, 3), new(2026, 11, 5), new(2027, 3, 15), CaseOutcome.MisconductMeeting, new(2027, 3, 15)); // ack on time, feedback late
        await TombstonesAsync(App, demo, 6, new(2026, 10, 1), new(2027, 1, 1), CaseOutcome.NoCaseToAnswer, true, true);
        await TombstonesAsync(App, demo, 2, new(2026, 10, 1), new(2027, 4, 1), CaseOutcome.Withdrawn, false, null);
        // Another force's cases count for nobody here.
        await LiveAsync(App, other, 9, CaseStatus.Received, new(2027, 5, 2));
        await TombstonesAsync(App, other, 4, new(2026, 10, 1), new(2027, 4, 1), CaseOutcome.Withdrawn, true, true);

        var analyst = await SignInAsync(await AddMemberAsync("Olive Analyst", ["oversight-analyst"]));
        var page = await analyst.GetAsync("/staff/oversight?force=oth");

        Assert.True(page.Status == HttpStatusCode.OK, Staff.Logs.Text);
        // A force's analyst sees their force whatever the address asks for, and is offered no other.
        Assert.Equal("Demo Constabulary", page.Document.QuerySelector("#scope")!.TextContent.Trim());
        Assert.Null(page.Document.QuerySelector("select#force"));
        Assert.Equal(
            [
                "October to December 2026: 0 | 15 | 15",
                "January to March 2027: 6 | 0 | 6",
                "April to June 2027: 6 | 0 | 6",
                "All quarters: 12 | 15 | 27",
            ],
            Rows(page, "received"));

        // Closed: 6 no case to answer and 7 misconduct meetings in January to March, 2 withdrawn in April to June.
        // The 2 is small; the row's and the column's totals then give it away, so they are hidden too, and so on
        // until every row and column hides two cells or none.
        var closed = Table(page, "closed");
        string[] outcomes = ["No case to answer", "Practice requiring improvement", "Misconduct meeting", "Gross misconduct hearing",
            "Criminal referral", "Referred to the IOPC", "Withdrawn", "Insufficient information", "All"];
        Assert.Equal(outcomes, page.Document.QuerySelectorAll("table#closed thead th").Skip(1).Select(th => th.TextContent.Trim()));
        Assert.Equal(["0", "0", "0", "0", "0", "0", "0", "0", "0"], closed[0].Cells);
        Assert.Equal(["not shown", "0", "7", "0", "0", "0", "0", "0", "not shown"], closed[1].Cells);
        Assert.Equal(["0", "0", "0", "0", "0", "0", "fewer than 5", "0", "fewer than 5"], closed[2].Cells);
        Assert.Equal(["not shown", "0", "7", "0", "0", "0", "fewer than 5", "0", "15"], closed[3].Cells);
        AssertNoLineRevealsOneHiddenCell(closed);

        // Open now: 1 assessing is small, so the next smallest (5 under investigation) goes with it.
        Assert.Equal(
            ["Received: 6", "Acknowledged: 0", "Assessing: fewer than 5", "Under investigation: not shown", "All open cases: 12"],
            Rows(page, "open"));

        Assert.Equal(["Acknowledgement: 18 | 9 | 27", "Feedback: 11 | 8 | 19"], Rows(page, "clocks"));

        // Nothing about a single case reaches the page: no reference, no day of a month, no category.
        var references = await App.WithDatabaseAsync(db => db.Cases.Select(c => c.Reference).ToListAsync());
        Assert.All(references, reference => Assert.DoesNotContain(reference, page.Html, StringComparison.Ordinal));
        Assert.DoesNotContain("Racist", page.Text, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December)\b", page.Text);
    }

    [Fact]
    public async Task Shredding_cases_through_the_real_shred_pass_changes_no_figure()
    {
        Staff.Clock.Set(StatisticsSeed.Today);
        var demo = await ForceIdAsync("demo");
        // Withdrawn cases are kept 12 months after closure (and the reporter's access, 12 months, ends first): these are due.
        await LiveAsync(App, demo, 6, CaseStatus.Closed, new(2026, 1, 5), new(2026, 1, 7), new(2026, 3, 2), CaseOutcome.Withdrawn, new(2026, 3, 2));
        await LiveAsync(App, demo, 5, CaseStatus.Closed, new(2025, 12, 1), null, new(2026, 2, 1), CaseOutcome.Withdrawn, new(2026, 2, 1));
        // No case to answer is kept 24 months: these stay, and so do the open ones.
        await LiveAsync(App, demo, 3, CaseStatus.Closed, new(2026, 1, 10), new(2026, 1, 20), new(2026, 4, 1), CaseOutcome.NoCaseToAnswer, new(2026, 4, 1));
        await LiveAsync(App, demo, 4, CaseStatus.Received, new(2027, 5, 1));
        await TombstonesAsync(App, demo, 2, new(2025, 11, 1), new(2026, 1, 1), CaseOutcome.Withdrawn, true, true);

        var analyst = await SignInAsync(await AddMemberAsync("Olive Analyst", ["oversight-analyst"]));
        var before = await analyst.GetAsync("/staff/oversight");
        // The clocks are really counted before the shred: 6 + 2 on time and 3 + 5 + 4 late for acknowledgement.
        Assert.Equal(["Acknowledgement: 8 | 12 | 20", "Feedback: 16 | 0 | 16"], Rows(before, "clocks"));
        Assert.Contains(Table(before, "open"), row => row.Cells.Contains("fewer than 5"));

        int shredded;
        using (var scope = Staff.Services.CreateScope())
        {
            shredded = await scope.ServiceProvider.GetRequiredService<CaseShredding>().ShredDueAsync(CancellationToken.None);
        }

        Assert.Equal(11, shredded);
        Assert.Equal(13, await App.WithDatabaseAsync(db => db.CaseTombstones.CountAsync()));
        Assert.Equal(7, await App.CaseCountAsync());
        var after = await analyst.GetAsync("/staff/oversight");
        foreach (var id in new[] { "received", "closed", "open", "clocks" })
        {
            Assert.Equal(before.Document.QuerySelector($"table#{id}")!.OuterHtml, after.Document.QuerySelector($"table#{id}")!.OuterHtml);
        }
    }

    [Fact]
    public async Task A_national_analyst_sees_every_force_together_or_one_chosen_and_an_unknown_force_is_not_found()
    {
        Staff.Clock.Set(StatisticsSeed.Today);
        var demo = await ForceIdAsync("demo");
        var other = await OtherForceAsync();
        await LiveAsync(App, demo, 5, CaseStatus.Received, new(2027, 5, 2));
        await LiveAsync(App, other, 7, CaseStatus.Received, new(2027, 5, 2));

        var national = await SignInAsync(await AddMemberAsync("Nina National", ["oversight-analyst"], national: true));
        var all = await national.GetAsync("/staff/oversight");
        Assert.Equal("All forces", all.Document.QuerySelector("#scope")!.TextContent.Trim());
        var offered = all.Document.QuerySelectorAll("select#force option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Equal("", offered[0]);
        Assert.Contains("demo", offered);
        Assert.Contains("oth", offered);
        Assert.Equal("All quarters: 12 | 0 | 12", Rows(all, "received")[^1]);

        var chosen = await national.GetAsync("/staff/oversight?force=oth");
        Assert.Equal("Other Constabulary", chosen.Document.QuerySelector("#scope")!.TextContent.Trim());
        Assert.Equal("All quarters: 7 | 0 | 7", Rows(chosen, "received")[^1]);

        Assert.Equal(HttpStatusCode.NotFound, (await national.GetAsync("/staff/oversight?force=nope")).Status);

        // Every other role, even an administrator of every force, is answered as for an unknown page.
        foreach (var role in new[] { "handler", "welfare-lead", "custodian", "administrator", "force-lead" })
        {
            var member = await SignInAsync(await AddMemberAsync($"Someone {role}", [role], national: role == "administrator"));
            var refused = await member.GetAsync("/staff/oversight");
            Assert.Equal(HttpStatusCode.NotFound, refused.Status);
            Assert.Null(refused.Document.QuerySelector("table#received"));
        }
    }

    [Fact]
    public async Task The_demo_seed_gives_the_page_a_history_of_shredded_cases_once()
    {
        Staff.Clock.Set(StatisticsSeed.Today);
        await App.WithDatabaseAsync(db => DemoData.EnsureShreddedHistoryAsync(db, Staff.Clock));
        await App.WithDatabaseAsync(db => DemoData.EnsureShreddedHistoryAsync(db, Staff.Clock));
        Assert.Equal(30, await App.WithDatabaseAsync(db => db.CaseTombstones.CountAsync()));

        var analyst = await SignInAsync(await AddMemberAsync("Olive Analyst", ["oversight-analyst"]));
        var page = await analyst.GetAsync("/staff/oversight");
        Assert.Null(page.Document.QuerySelector("#no-reports"));
        Assert.Equal("All quarters: 0 | 30 | 30", Rows(page, "received")[^1]);
    }

    /// <summary>Each row as "heading: cell | cell", so a whole table compares in one assertion.</summary>
    private static List<string> Rows(TestHost.LoadedPage page, string id) => [.. Table(page, id).Select(r => $"{r.Row}: {string.Join(" | ", r.Cells)}")];

    /// <summary>In every row and column with its total, either nothing is hidden or at least two cells are.</summary>
    private static void AssertNoLineRevealsOneHiddenCell(List<(string Row, string[] Cells)> table)
    {
        static bool Hidden(string cell) => !int.TryParse(cell, out _);
        foreach (var (row, cells) in table)
        {
            Assert.NotEqual(1, cells.Count(Hidden));
        }

        for (var c = 0; c < table[0].Cells.Length; c++)
        {
            Assert.NotEqual(1, table.Count(r => Hidden(r.Cells[c])));
        }
    }

    private async Task<Guid> OtherForceAsync()
    {
        var force = new Force { Code = "oth", Name = "Other Constabulary" };
        await App.WithDatabaseAsync(async db =>
        {
            db.Forces.Add(force);
            await db.SaveChangesAsync();
        });
        return force.Id;
    }
}
