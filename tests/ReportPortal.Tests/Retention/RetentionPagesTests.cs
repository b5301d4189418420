using System.Net;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Retention;
using ReportPortal.Tests.Administration;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Retention;

/// <summary>Retention periods on the force page and legal holds on the custodians' page, through the real staff face.</summary>
public sealed class RetentionPagesTests : AdminTest
{
    [Fact]
    public async Task Retention_periods_are_whole_months_kept_as_typed_when_wrong_saved_with_an_audit_entry_and_stale_forms_refused()
    {
        var admin = await AddAdminAsync();
        var browser = await SignInAsync(admin);
        var page = await browser.GetAsync("/staff/admin/forces/demo");
        Assert.Equal("72", page.Document.QuerySelector("#misconduct-meeting")!.GetAttribute("value"));

        (string, string)[] With(LoadedPage from, params (string Name, string Value)[] changes) =>
            Shown(from, "retention").Select(f => changes.FirstOrDefault(c => c.Name == f.Name) is { Name: not null } c ? c : f).ToArray();

        var bad = await browser.SubmitAsync(page, "retention", With(page, ("withdrawn", "six"), ("criminal-referral", "0")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.Status);
        Assert.StartsWith("Enter the months to keep a case closed as \"withdrawn\"", bad.ErrorFor("withdrawn"), StringComparison.Ordinal);
        Assert.NotNull(bad.ErrorFor("criminal-referral"));
        Assert.Equal("six", bad.Document.QuerySelector("#withdrawn")!.GetAttribute("value"));
        Assert.False(await App.WithDatabaseAsync(db => db.RetentionSettings.AnyAsync()));

        var other = await SignInAsync(await AddAdminAsync("bea"));
        var otherPage = await other.GetAsync("/staff/admin/forces/demo");
        var saved = await browser.SubmitAsync(page, "retention", With(page, ("withdrawn", "6"), ("misconduct-meeting", " 84 ")));
        Assert.NotNull(saved.Document.QuerySelector("#retention-saved"));
        var settings = await App.WithDatabaseAsync(db => db.RetentionSettings.AsNoTracking().SingleAsync());
        Assert.Equal((6, 84, 24), (settings.WithdrawnMonths, settings.MisconductMeetingMonths, settings.NoCaseToAnswerMonths));
        var entry = (await AuditAsync()).Last();
        Assert.Equal(AuditActions.RetentionChanged, entry.Action);
        Assert.Contains("withdrawn=6", entry.Detail, StringComparison.Ordinal);

        // The second administrator's form was loaded before the save: refused, nothing overwritten.
        var stale = await other.SubmitAsync(otherPage, "retention", With(otherPage, ("withdrawn", "30")));
        Assert.Equal(HttpStatusCode.Conflict, stale.Status);
        Assert.Equal(6, await App.WithDatabaseAsync(db => db.RetentionSettings.Select(s => s.WithdrawnMonths).SingleAsync()));
        Assert.Equal("6", stale.Document.QuerySelector("#withdrawn")!.GetAttribute("value"));
    }

    [Fact]
    public async Task A_custodian_places_and_lifts_a_hold_by_reference_and_a_wrong_reference_is_answered_on_the_form()
    {
        await AddMemberAsync("alice", ["handler"], intake: true);
        var custodian = await AddMemberAsync("carol", ["custodian"]);
        await FileAsync(new ReportFields());
        await App.RunIntakeAsync();
        var reference = await App.WithDatabaseAsync(db => db.Cases.Select(c => c.Reference).SingleAsync());
        var browser = await SignInAsync(custodian);
        var page = await browser.GetAsync("/staff/holds");
        Assert.NotNull(page.Document.QuerySelector("#none-held"));

        var wrong = await browser.SubmitAsync(page, "place", ("reference", "RP-NOSUCH00"), ("reason", "litigation"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.Status);
        Assert.StartsWith("There is no case with this reference in your force", wrong.ErrorFor("reference"), StringComparison.Ordinal);
        Assert.Equal("RP-NOSUCH00", wrong.Document.QuerySelector("#reference")!.GetAttribute("value"));
        var noReason = await browser.SubmitAsync(page, "place", ("reference", reference));
        Assert.Equal("Choose why the case must be kept", noReason.ErrorFor("reason"));

        var placed = await browser.SubmitAsync(page, "place", ("reference", reference), ("reason", "inquiry"));
        Assert.Equal("The legal hold is placed.", placed.Document.QuerySelector("#done")?.TextContent);
        Assert.Contains(reference, placed.Document.QuerySelector("#holds")!.TextContent, StringComparison.Ordinal);
        var hold = await App.WithDatabaseAsync(db => db.LegalHolds.AsNoTracking().SingleAsync());
        Assert.Equal((LegalHoldReason.Inquiry, custodian.Id), (hold.Reason, hold.PlacedByStaffMemberId));

        var lifted = await browser.SubmitAsync(placed, "lift", ("hold", hold.Id.ToString()), ("lift-reason", "placed-in-error"));
        Assert.Equal("The legal hold is lifted.", lifted.Document.QuerySelector("#done")?.TextContent);
        Assert.NotNull(lifted.Document.QuerySelector("#none-held"));
        var audit = await AuditAsync();
        Assert.Contains(audit, e => e.Action == AuditActions.LegalHoldPlaced && e.StaffMemberId == custodian.Id && e.Detail == "inquiry");
        Assert.Contains(audit, e => e.Action == AuditActions.LegalHoldLifted && e.StaffMemberId == custodian.Id && e.Detail == "placed-in-error");
    }
}
