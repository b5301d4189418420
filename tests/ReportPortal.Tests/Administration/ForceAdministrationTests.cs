using System.Net;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;

namespace ReportPortal.Tests.Administration;

/// <summary>Forces through the real pages: adding one, its details, its clocks and its network ranges.</summary>
public sealed class ForceAdministrationTests : AdminTest
{
    [Fact]
    public async Task A_new_force_needs_a_valid_unused_code_keeps_what_was_typed_and_starts_without_taking_reports()
    {
        var admin = await AddAdminAsync();
        var browser = await SignInAsync(admin);
        var form = await browser.GetAsync("/staff/admin/forces/new");

        var bad = await browser.SubmitAsync(form, "new-force", ("name", "West Mercia Police"), ("code", "West Mercia"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.Status);
        Assert.StartsWith("The code must be lower-case letters", bad.ErrorFor("code"), StringComparison.Ordinal);
        Assert.Equal("West Mercia Police", bad.Document.QuerySelector("#name")!.GetAttribute("value"));
        Assert.Equal("West Mercia", bad.Document.QuerySelector("#code")!.GetAttribute("value"));
        Assert.StartsWith("Error: ", bad.Document.Title, StringComparison.Ordinal);

        var taken = await browser.SubmitAsync(form, "new-force", ("name", "Another Demo"), ("code", "demo"));
        Assert.Equal("A force with this code exists already: choose another code", taken.ErrorFor("code"));
        var reserved = await browser.SubmitAsync(form, "new-force", ("name", "Everyone"), ("code", "national"));
        Assert.Equal("The code \"national\" is reserved: choose another", reserved.ErrorFor("code"));
        var empty = await browser.SubmitAsync(form, "new-force", ("name", " "), ("code", ""));
        Assert.Equal(["Enter the force's name", "Enter a code for the force"], empty.ErrorSummary);

        var created = await browser.SubmitAsync(form, "new-force", ("name", "West Mercia Police"), ("code", "west-mercia"));
        Assert.Equal("/staff/admin/forces/west-mercia", created.Address.AbsolutePath);
        Assert.Equal("The force was added. It does not take reports yet.", created.Document.QuerySelector("#success-message")?.TextContent);
        var force = await App.WithDatabaseAsync(db => db.Forces.AsNoTracking().SingleAsync(f => f.Code == "west-mercia"));
        Assert.False(force.AcceptsReports);
        Assert.Equal("West Mercia Police", force.Name);
        var entry = (await AuditAsync()).Last();
        Assert.Equal((AuditActions.ForceCreated, admin.Id, "force west-mercia"), (entry.Action, entry.StaffMemberId, entry.Detail));
    }

    [Fact]
    public async Task Two_administrators_editing_one_force_the_second_save_is_refused_and_nothing_of_it_is_applied()
    {
        var first = await SignInAsync(await AddAdminAsync("ada"));
        var second = await SignInAsync(await AddAdminAsync("bea"));
        var firstPage = await first.GetAsync("/staff/admin/forces/demo");
        var secondPage = await second.GetAsync("/staff/admin/forces/demo");

        var saved = await first.SubmitAsync(firstPage, "details", ("name", "Demo Police"), ("accepting", "yes"));
        Assert.Equal("The force's details were saved.", saved.Document.QuerySelector("#success-message")?.TextContent);

        // The second administrator still has the page from before: taking reports off, with the old name.
        var refused = await second.SubmitAsync(secondPage, "details", ("name", "Demo Constabulary"), ("accepting", "no"));
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("Another administrator changed this force after you opened this page. Your changes were not saved", refused.ErrorSummary.Single(), StringComparison.Ordinal);
        Assert.Equal("Demo Police", refused.Document.QuerySelector("#name")!.GetAttribute("value"));

        // A stale clocks form is refused the same way: its version is the force's.
        var staleClocks = await second.SubmitAsync(secondPage, "clocks", Shown(secondPage, "clocks").Select(f => f.Name == "acknowledge-within" ? (f.Name, "10") : f).ToArray());
        Assert.Equal(HttpStatusCode.Conflict, staleClocks.Status);

        var force = await App.WithDatabaseAsync(db => db.Forces.AsNoTracking().SingleAsync(f => f.Code == "demo"));
        Assert.Equal(("Demo Police", true, 7), (force.Name, force.AcceptsReports, force.Clocks.AcknowledgeWithinDays));
        Assert.Single(await AuditAsync(), e => e.Action == AuditActions.ForceChanged);
        Assert.DoesNotContain(await AuditAsync(), e => e.Action == AuditActions.ClocksChanged);

        // Reloaded, the second administrator's change goes through.
        var again = await second.SubmitAsync(refused, "details", ("name", "Demo Police"), ("accepting", "no"));
        Assert.Equal("The force's details were saved.", again.Document.QuerySelector("#success-message")?.TextContent);
        Assert.False(await App.WithDatabaseAsync(db => db.Forces.Where(f => f.Code == "demo").Select(f => f.AcceptsReports).SingleAsync()));
    }

    [Fact]
    public async Task Clocks_are_whole_numbers_in_range_with_each_warning_before_its_deadline_and_a_save_is_audited()
    {
        var admin = await AddAdminAsync();
        var browser = await SignInAsync(admin);
        var page = await browser.GetAsync("/staff/admin/forces/demo");
        Assert.Equal("7", page.Document.QuerySelector("#acknowledge-within")!.GetAttribute("value"));

        (string, string)[] With(params (string Name, string Value)[] changes) =>
            Shown(page, "clocks").Select(f => changes.FirstOrDefault(c => c.Name == f.Name) is { Name: not null } c ? c : f).ToArray();

        var bad = await browser.SubmitAsync(page, "clocks", With(("acknowledge-within", "seven"), ("long-first", "18"), ("welfare-contact", "")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.Status);
        Assert.Equal("Enter a whole number of days, like 7", bad.ErrorFor("acknowledge-within"));
        Assert.Equal("Enter the number of days", bad.ErrorFor("welfare-contact"));
        Assert.Equal("Enter a number of months from 1 to 12", bad.ErrorFor("long-first"));
        Assert.Equal("seven", bad.Document.QuerySelector("#acknowledge-within")!.GetAttribute("value"));
        Assert.Equal("18", bad.Document.QuerySelector("#long-first")!.GetAttribute("value"));

        var late = await browser.SubmitAsync(page, "clocks", With(("acknowledge-within", "5"), ("acknowledge-escalate", "5"), ("feedback-within", "2"), ("feedback-escalate", "60")));
        Assert.StartsWith("The warning must come before the acknowledgement is due", late.ErrorFor("acknowledge-escalate"), StringComparison.Ordinal);
        Assert.StartsWith("The warning must come before the feedback is due: enter fewer than 56 days", late.ErrorFor("feedback-escalate"), StringComparison.Ordinal);
        Assert.Equal(7, await App.WithDatabaseAsync(db => db.Forces.Where(f => f.Code == "demo").Select(f => f.Clocks.AcknowledgeWithinDays).SingleAsync()));

        var saved = await browser.SubmitAsync(page, "clocks", With(("acknowledge-within", "10"), ("acknowledge-escalate", "8"), ("reporter-access", " 24 ")));
        Assert.Equal("The workflow clocks were saved.", saved.Document.QuerySelector("#success-message")?.TextContent);
        var clocks = await App.WithDatabaseAsync(db => db.Forces.AsNoTracking().Where(f => f.Code == "demo").Select(f => f.Clocks).SingleAsync());
        Assert.Equal((10, 8, 24, 3), (clocks.AcknowledgeWithinDays, clocks.AcknowledgeEscalateAfterDays, clocks.ReporterAccessEndsMonthsAfterClosure, clocks.FeedbackWithinMonths));
        var entry = (await AuditAsync()).Last();
        Assert.Equal((AuditActions.ClocksChanged, admin.Id, "force demo: acknowledge-within=10, acknowledge-escalate=8, reporter-access=24"), (entry.Action, entry.StaffMemberId, entry.Detail));
    }

    [Fact]
    public async Task Network_ranges_are_checked_as_CIDR_listed_once_removed_and_every_change_audited()
    {
        var admin = await AddAdminAsync();
        var browser = await SignInAsync(admin);
        var page = await browser.GetAsync("/staff/admin/forces/demo");
        Assert.NotNull(page.Document.QuerySelector("#no-ranges"));

        foreach (var (typed, problem) in new[]
        {
            ("10.1.2.3/16", "Enter a range in CIDR notation, with the first address of the range, like 10.20.0.0/16 or 2001:db8::/32"),
            ("10.1.2.3", "Enter a range in CIDR notation, with the first address of the range, like 10.20.0.0/16 or 2001:db8::/32"),
            ("not a range", "Enter a range in CIDR notation, with the first address of the range, like 10.20.0.0/16 or 2001:db8::/32"),
            ("0.0.0.0/0", "A range cannot cover every address: every reporter would be warned"),
            ("", "Enter an address range"),
        })
        {
            var refused = await browser.SubmitAsync(page, "add-range", ("cidr", typed));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
            Assert.Equal(problem, refused.ErrorFor("cidr"));
            Assert.Equal(typed, refused.Document.QuerySelector("#cidr")!.GetAttribute("value") ?? string.Empty);
        }

        var added = await browser.SubmitAsync(page, "add-range", ("cidr", " 10.20.0.0/16 "));
        Assert.Equal("The network range was added.", added.Document.QuerySelector("#success-message")?.TextContent);
        await browser.SubmitAsync(added, "add-range", ("cidr", "2001:db8::/32"));
        var twice = await browser.SubmitAsync(added, "add-range", ("cidr", "10.20.0.0/16"));
        Assert.Equal("10.20.0.0/16 is already in the list", twice.ErrorFor("cidr"));

        var ranges = await App.WithDatabaseAsync(db => db.ForceNetworkRanges.AsNoTracking().OrderBy(r => r.Cidr).ToListAsync());
        Assert.Equal(["10.20.0.0/16", "2001:db8::/32"], ranges.Select(r => r.Cidr));
        var listed = await browser.GetAsync("/staff/admin/forces/demo");
        Assert.Equal(["10.20.0.0/16", "2001:db8::/32"], listed.Document.QuerySelectorAll("#range-table tbody code").Select(c => c.TextContent));

        var removed = await browser.SubmitAsync(listed, "remove-range", ("range", ranges[0].Id.ToString()));
        Assert.Equal("The network range was removed.", removed.Document.QuerySelector("#success-message")?.TextContent);
        // The same button pressed again (a second tab, a double click) finds the range gone and says so calmly.
        var again = await browser.SubmitAsync(listed, "remove-range", ("range", ranges[0].Id.ToString()));
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(["2001:db8::/32"], await App.WithDatabaseAsync(db => db.ForceNetworkRanges.Select(r => r.Cidr).ToListAsync()));

        var audited = (await AuditAsync()).Where(e => e.StaffMemberId == admin.Id && e.Action != AuditActions.SignIn).Select(e => (e.Action, e.Detail)).ToList();
        Assert.Equal(
            [
                (AuditActions.NetworkRangeAdded, "force demo: 10.20.0.0/16"),
                (AuditActions.NetworkRangeAdded, "force demo: 2001:db8::/32"),
                (AuditActions.NetworkRangeRemoved, "force demo: 10.20.0.0/16"),
            ],
            audited);
    }
}
