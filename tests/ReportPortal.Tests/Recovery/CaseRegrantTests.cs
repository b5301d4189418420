using System.Net;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Staff;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Recovery;

/// <summary>
/// A case held only by a leaver (issue 8): after deactivation no active member holds it, the leaver page names
/// it and the command that helps; two custodians ask for it to go to a handler the conflict rule allows, and
/// the operator's regrant-case makes the grant through escrow, on real PostgreSQL with real keys.
/// </summary>
public sealed class CaseRegrantTests : RecoveryTest
{
    [Fact]
    public async Task A_case_only_a_leaver_held_is_regranted_through_escrow_to_the_handler_two_custodians_approved()
    {
        var hana = await App.AddStaffAsync("hana", "2001", intake: true);
        var caseId = await FileConfidentialCaseAsync("A colleague shared a racist meme about a victim in the shift group chat.");
        var reference = await App.WithDatabaseAsync(db => db.Cases.Where(c => c.Id == caseId).Select(c => c.Reference).SingleAsync());
        var heidi = await App.AddStaffAsync("heidi", "2002", intake: false);
        var nina = await App.AddStaffAsync("nina", "1234", intake: false);
        var cara = await App.AddStaffAsync("cara", "3001", intake: false, roles: [Custodian]);
        var cole = await App.AddStaffAsync("cole", "3002", intake: false, roles: [Custodian]);
        var ada = await App.AddStaffAsync("ada", "3003", intake: false, roles: ["administrator"]);

        var admin = await Staff.SignInAsync(ada);
        var confirmation = await admin.SubmitAsync(await admin.GetAsync($"/staff/admin/staff/{hana.Id}"), "deactivate");
        var unheld = confirmation.Document.QuerySelector("#leaver-unheld-cases")!.TextContent;
        Assert.Contains(reference, unheld, StringComparison.Ordinal);
        Assert.Contains("regrant-case", confirmation.Document.QuerySelector("#leaver-cases")!.TextContent, StringComparison.Ordinal);
        Assert.Null(confirmation.Document.QuerySelector($"a[href='/staff/cases/{caseId}']"));
        Assert.False(await App.WithDatabaseAsync(db => db.KeyGrants.AnyAsync(g => g.CaseId == caseId && g.Holder == KeyHolder.Staff)));
        var handler = await Staff.SignInAsync(heidi);
        Assert.Equal(HttpStatusCode.NotFound, (await handler.GetAsync($"/staff/cases/{caseId}")).Status);

        // The first custodian picks the case and a handler; someone named in the report is neither offered nor taken.
        var first = await Staff.SignInAsync(cara);
        var recovery = await first.GetAsync("/staff/recovery");
        Assert.Contains(reference, recovery.Document.QuerySelector("#unheld-cases")!.TextContent, StringComparison.Ordinal);
        var choose = await first.GetAsync(recovery.Document.QuerySelector("#unheld-cases a")!.GetAttribute("href")!);
        var offered = choose.Document.QuerySelectorAll("select[name='regrant-handler'] option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Contains(heidi.Id.ToString(), offered);
        Assert.DoesNotContain(nina.Id.ToString(), offered);
        Assert.DoesNotContain(hana.Id.ToString(), offered);
        var refused = await first.SubmitAsync(choose, "regrant-start", ("regrant-handler", nina.Id.ToString()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Contains("named in the report", refused.Document.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.False(await App.WithDatabaseAsync(db => db.CaseRegrantRequests.AnyAsync()));
        await first.SubmitAsync(choose, "regrant-start", ("regrant-handler", heidi.Id.ToString()));
        var request = await App.WithDatabaseAsync(db => db.CaseRegrantRequests.AsNoTracking().SingleAsync());
        Assert.Equal((caseId, heidi.Id, cara.Id), (request.CaseId, request.HandlerStaffMemberId, request.RequestedByStaffMemberId));

        // One custodian is not enough, and cannot approve their own request.
        var early = await RunRegrantAsync(request.Id);
        Assert.Equal(1, early.Exit);
        Assert.Contains("approval of 2 different custodians", early.Error, StringComparison.Ordinal);
        var own = await first.SubmitAsync(await first.GetAsync("/staff/recovery"), "regrant-approve", ("regrant-request", $"{request.Id}:{request.Version}"));
        Assert.Contains("a different custodian must give the second approval", own.Text, StringComparison.Ordinal);
        var second = await Staff.SignInAsync(cole);
        var approved = await second.SubmitAsync(await second.GetAsync("/staff/recovery"), "regrant-approve", ("regrant-request", $"{request.Id}:{request.Version}"));
        Assert.Contains(request.Id.ToString(), approved.Document.QuerySelector("#regrant-requests code")!.TextContent, StringComparison.Ordinal);

        var run = await RunRegrantAsync(request.Id);

        Assert.True(run.Exit == 0, run.Error);
        Assert.Contains($"Case {reference} is granted to heidi", run.Output, StringComparison.Ordinal);
        var page = await handler.GetAsync($"/staff/cases/{caseId}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("racist meme about a victim", page.Text, StringComparison.Ordinal);
        Assert.Contains("heidi (assigned)", page.Document.QuerySelector("#holders")!.TextContent, StringComparison.Ordinal);
        await App.WithDatabaseAsync(async db =>
        {
            var grants = await db.KeyGrants.AsNoTracking().Where(g => g.CaseId == caseId && g.Holder == KeyHolder.Staff).ToListAsync();
            var grant = Assert.Single(grants);
            Assert.Equal((heidi.Id, KeyPurpose.CaseContent), (grant.StaffMemberId, grant.Purpose));
            var actions = await db.AuditEntries.AsNoTracking().Where(e => e.CaseId == caseId).Select(e => e.Action).ToListAsync();
            Assert.Contains(AuditActions.CaseRegrantRequested, actions);
            Assert.Contains(AuditActions.CaseRegrantApproved, actions);
            Assert.Contains(AuditActions.GrantMade, actions);
            Assert.Contains(AuditActions.CaseRegranted, actions);
        });
        Assert.Empty((await first.GetAsync("/staff/recovery")).Document.QuerySelectorAll("#unheld-cases"));

        var again = await RunRegrantAsync(request.Id);
        Assert.Equal(1, again.Exit);
        Assert.Contains("carried out already", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_operator_refuses_a_request_for_a_handler_named_in_the_report_or_who_declared_a_conflict_and_grants_nothing()
    {
        var hana = await App.AddStaffAsync("hana", "2001", intake: true);
        var caseId = await FileConfidentialCaseAsync("Crime scene photos were posted in the group chat last night.");
        var heidi = await App.AddStaffAsync("heidi", "2002", intake: false);
        var nina = await App.AddStaffAsync("nina", "1234", intake: false);
        var cara = await App.AddStaffAsync("cara", "3001", intake: false, roles: [Custodian]);
        var cole = await App.AddStaffAsync("cole", "3002", intake: false, roles: [Custodian]);
        await App.WithDatabaseAsync(async db =>
        {
            await db.KeyGrants.Where(g => g.StaffMemberId == hana.Id).ExecuteDeleteAsync();
            await db.StaffMembers.Where(m => m.Id == hana.Id).ExecuteUpdateAsync(u => u.SetProperty(m => m.IsActive, false));
            db.ConflictDeclarations.Add(new ConflictDeclaration { CaseId = caseId, StaffMemberId = heidi.Id, DeclaredOn = new DateOnly(2026, 11, 22), SealedReason = [1] });
            await db.SaveChangesAsync();
        });

        foreach (var member in new[] { nina, heidi })
        {
            // As if approved before the conflict was known: the operator checks the rule again.
            var requestId = await ApprovedRequestAsync(caseId, member, cara, cole);

            var run = await RunRegrantAsync(requestId);

            Assert.Equal(1, run.Exit);
            Assert.Contains($"{member.DisplayName} may not be given case", run.Error, StringComparison.Ordinal);
            Assert.Contains("Nothing was changed.", run.Error, StringComparison.Ordinal);
            await App.WithDatabaseAsync(db => db.CaseRegrantRequests.Where(r => r.Id == requestId).ExecuteDeleteAsync());
        }

        Assert.False(await App.WithDatabaseAsync(db => db.KeyGrants.AnyAsync(g => g.CaseId == caseId && g.Holder == KeyHolder.Staff)));
        Assert.False(await App.WithDatabaseAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.CaseRegranted)));
    }

    private Task<Guid> ApprovedRequestAsync(Guid caseId, StaffMember handler, StaffMember requestedBy, StaffMember approvedBy) =>
        App.WithDatabaseAsync(async db =>
        {
            var now = App.Clock.GetUtcNow();
            var forceId = await db.Cases.Where(c => c.Id == caseId).Select(c => c.ForceId).SingleAsync();
            var request = new CaseRegrantRequest
            {
                CaseId = caseId, ForceId = forceId, HandlerStaffMemberId = handler.Id, RequestedByStaffMemberId = requestedBy.Id, RequestedAt = now,
                ApprovedByStaffMemberId = approvedBy.Id, ApprovedAt = now, ExpiresAt = now + StaffRecoveries.Lifetime,
            };
            db.CaseRegrantRequests.Add(request);
            await db.SaveChangesAsync();
            return request.Id;
        });
}
