using System.Net;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Tests.Administration;

namespace ReportPortal.Tests.Accounts;

/// <summary>A member chooses how often staff email may come, on their account page; a value not offered is refused.</summary>
public sealed class EmailFrequencyTests : AdminTest
{
    [Fact]
    public async Task A_member_chooses_daily_email_and_a_value_not_offered_is_refused_with_a_message()
    {
        var member = await AddMemberAsync("dana", ["handler"]);
        var session = await SignInAsync(member);

        var account = await session.GetAsync("/staff/account");
        Assert.Equal("1", account.Document.QuerySelector("input[name=digest-hours]:checked")?.GetAttribute("value"));

        var saved = await session.SubmitAsync(account, "email", ("digest-hours", "24"));
        Assert.Equal(HttpStatusCode.OK, saved.Status);
        Assert.Contains("We will email you at most once a day.", saved.Text, StringComparison.Ordinal);
        Assert.Equal("24", saved.Document.QuerySelector("input[name=digest-hours]:checked")?.GetAttribute("value"));
        Assert.Equal(24, await App.WithDatabaseAsync(db => db.StaffMembers.Where(s => s.Id == member.Id).Select(s => s.DigestIntervalHours).SingleAsync()));
        Assert.Contains(await AuditAsync(), e => e.Action == AuditActions.AccountChanged && e.StaffMemberId == member.Id && e.Detail == "email at most every 24 h");

        var refused = await session.SubmitAsync(saved, "email", ("digest-hours", "0"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Contains("Select how often we may email you", refused.ErrorSummary);
        Assert.Equal(24, await App.WithDatabaseAsync(db => db.StaffMembers.Where(s => s.Id == member.Id).Select(s => s.DigestIntervalHours).SingleAsync()));
    }
}
