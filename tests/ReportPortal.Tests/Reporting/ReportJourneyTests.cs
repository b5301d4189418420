using System.Net;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Cases;
using ReportPortal.Crypto;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Reporting;

/// <summary>A reporter files a report through the real form, comes back with the receipt, reads and replies.</summary>
public sealed class ReportJourneyTests : ReporterAppTest
{
    [Fact]
    public async Task A_filed_report_is_sealed_granted_to_escrow_and_receipt_and_starts_the_clocks()
    {
        var (receipt, _, _) = await FileAsync(new ReportFields()
            .Set("identity", "confidential")
            .Set("reporter-name", "Sergeant Brave Reporter")
            .Set("reporter-staff-number", "CS 4471")
            .Set("support", "yes")
            .Set("monitoring-consent", "yes"));

        var @case = await App.WithDatabaseAsync(db => db.Cases.Include(c => c.Grants).Include(c => c.Subjects)
            .Include(c => c.Deadlines).Include(c => c.Messages).Include(c => c.Events).SingleAsync());

        Assert.Equal(ReportCategories.Racist, @case.Categories);
        Assert.Equal(IdentityMode.Confidential, @case.IdentityMode);
        Assert.True(@case.SupportRequested);
        Assert.True(@case.RetaliationMonitoringConsent);
        Assert.Equal(receipt.LookupHash(App.Secrets.ReceiptLookupKey), @case.ReceiptLookup);
        // Blind indexes are the internal side's work (intake): the public face cannot compute them.
        Assert.Null(@case.GroupIndex);
        Assert.Single(@case.Subjects);
        Assert.Null(@case.Subjects[0].StaffNumberIndex);
        Assert.Single(@case.Grants, g => g.Holder == KeyHolder.Intake && g.Purpose == KeyPurpose.CaseContent);
        Assert.DoesNotContain(@case.Grants, g => g.Holder == KeyHolder.Staff);

        // The escrow opens the case content and, separately, the sealed identity; the reporter's receipt opens the content.
        var contentEscrow = @case.Grants.Single(g => g.Holder == KeyHolder.Escrow && g.Purpose == KeyPurpose.CaseContent);
        var caseKey = CaseGrants.OpenWithPrivateKey(contentEscrow, App.Escrow, App.Retention);
        var account = SealedFields.OpenRecord<ReportAccount>(caseKey, @case.SealedAccount, new SealContext(@case.Id, @case.Id, SealedFields.Account));
        Assert.Equal("Late Turn Lads", account.GroupName);
        Assert.StartsWith("A colleague shared a racist meme", account.WhatHappened, StringComparison.Ordinal);

        var identityEscrow = @case.Grants.Single(g => g.Holder == KeyHolder.Escrow && g.Purpose == KeyPurpose.ReporterIdentity);
        var identityKey = CaseGrants.OpenWithPrivateKey(identityEscrow, App.Escrow, App.Retention);
        var identity = SealedFields.OpenRecord<ReporterIdentity>(identityKey, @case.SealedReporterIdentity!,
            new SealContext(@case.Id, @case.Id, SealedFields.ReporterIdentity));
        Assert.Equal("Sergeant Brave Reporter", identity.Name);

        // The case key cannot open the confidential identity: handlers with a content grant do not see it.
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() =>
            SealedFields.OpenRecord<ReporterIdentity>(caseKey, @case.SealedReporterIdentity!, new SealContext(@case.Id, @case.Id, SealedFields.ReporterIdentity)));

        var reporterGrant = @case.Grants.Single(g => g.Holder == KeyHolder.Reporter && g.Purpose == KeyPurpose.CaseContent);
        Assert.Equal(caseKey, CaseGrants.OpenReporterGrant(reporterGrant, receipt.DeriveReporterKey(), App.Retention));

        var today = Core.Clocks.UkCalendar.Today(App.Clock);
        Assert.Equal(today, @case.SubmittedOn);
        // The handlers' clocks are derived from the dates (ClockRules), not stored: only welfare and check-in rows are.
        Assert.DoesNotContain(@case.Deadlines, d => d.Kind == DeadlineKind.HumanAcknowledgement);
        Assert.Contains(@case.Deadlines, d => d.Kind == DeadlineKind.WelfareLeadAssignment);
        Assert.Equal(4, @case.Deadlines.Count(d => d.Kind == DeadlineKind.RetaliationCheckIn));
        Assert.Equal(MessageAuthor.System, Assert.Single(@case.Messages).Author);
        Assert.Equal(CaseEventKind.Submitted, Assert.Single(@case.Events).Kind);
    }

    [Fact]
    public async Task The_sent_page_is_never_cached_and_sending_again_shows_the_same_receipt_and_files_nothing_new()
    {
        var (receipt, page, checkPage) = await FileAsync(new ReportFields());

        Assert.Contains("no-store", page.Response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Equal("Your report has been sent", page.Document.QuerySelector("h1")!.TextContent.Trim());
        var shown = page.Document.QuerySelector("#receipt")!.TextContent.Trim();
        Assert.Matches("^([0-9A-Z]{4} ){6}[0-9A-Z]$", shown);
        Assert.Equal(receipt.Display, shown.Replace(' ', '-'));

        // Sending the same page again (a reload, the back button, a double click) carries the same
        // receipt, finds the case it filed and shows the same outcome: nothing new is filed.
        var again = await ReportJourney.SendAsync(Browser, checkPage, receipt);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal("Your report has been sent", again.Document.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(receipt.Display, ReportJourney.ShownReceipt(again).Display);
        Assert.Equal(1, await App.CaseCountAsync());
    }

    [Fact]
    public async Task With_the_receipt_alone_the_reporter_reads_the_acknowledgement_and_replies()
    {
        var (receipt, _, _) = await FileAsync(new ReportFields());

        var inbox = await SignInAsync(receipt.Display.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal));
        Assert.Equal("/status/inbox", inbox.Address.AbsolutePath);
        Assert.Contains("Thank you for speaking up. Your report has reached Demo Constabulary", inbox.Text, StringComparison.Ordinal);
        Assert.Contains("Your report was received", inbox.Text, StringComparison.Ordinal);
        var today = Core.Clocks.UkCalendar.Today(App.Clock).ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"));
        Assert.Contains(today, inbox.Document.QuerySelector(".rp-timeline")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("no-store", inbox.Response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);

        var replied = await Browser.SubmitAsync(inbox, "reply", ("reply", "The meme was posted again on Friday <b>night</b>."));
        Assert.Equal(HttpStatusCode.OK, replied.Status);
        Assert.Contains("Your message has been sent", replied.Text, StringComparison.Ordinal);
        var mine = replied.Document.QuerySelectorAll(".rp-message--reporter .rp-message__body").Single();
        Assert.Equal("The meme was posted again on Friday <b>night</b>.", mine.TextContent);

        var stored = await App.WithDatabaseAsync(db => db.CaseMessages.OrderBy(m => m.Sequence).ToListAsync());
        Assert.Equal([MessageAuthor.System, MessageAuthor.Reporter], stored.Select(m => m.Author));
        Assert.DoesNotContain("posted again", System.Text.Encoding.UTF8.GetString(stored[1].SealedBody), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_handlers_message_sealed_under_the_case_key_appears_in_the_inbox()
    {
        var (receipt, _, _) = await FileAsync(new ReportFields());
        await App.WithDatabaseAsync(async db =>
        {
            var @case = await db.Cases.Include(c => c.Grants).SingleAsync();
            var escrowGrant = @case.Grants.Single(g => g.Holder == KeyHolder.Escrow && g.Purpose == KeyPurpose.CaseContent);
            var caseKey = CaseGrants.OpenWithPrivateKey(escrowGrant, App.Escrow, App.Retention);
            @case.LastMessageSequence = 2;
            var message = new CaseMessage { CaseId = @case.Id, Sequence = 2, Author = MessageAuthor.Staff, SentOn = new DateOnly(2026, 11, 23), SealedBody = [] };
            message.SealedBody = SealedFields.SealMessage(caseKey, @case.Id, message.Id, "Thank you. Can you tell us roughly how many people are in the group?");
            db.CaseMessages.Add(message);
            await db.SaveChangesAsync();
        });

        var inbox = await SignInAsync(receipt.Display);

        var staff = Assert.Single(inbox.Document.QuerySelectorAll(".rp-message--staff"));
        Assert.Contains("Professional standards team", staff.TextContent, StringComparison.Ordinal);
        Assert.Contains("23 November 2026", staff.TextContent, StringComparison.Ordinal);
        Assert.Contains("roughly how many people are in the group?", staff.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("my receipt is {1} ok")]
    [InlineData("in case you need it: {2}")]
    public async Task A_reply_containing_the_reporters_own_receipt_is_refused_and_not_stored(string template)
    {
        var (receipt, _, _) = await FileAsync(new ReportFields());
        var inbox = await SignInAsync(receipt.Display);
        var spaced = string.Join(' ', receipt.Canonical[..24].Chunk(4).Select(c => new string(c)));
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, receipt.Display, receipt.Canonical.ToLowerInvariant(), spaced);

        var refused = await Browser.SubmitAsync(inbox, "reply", ("reply", text));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Contains("Your message contains your receipt", refused.ErrorFor("reply"), StringComparison.Ordinal);
        Assert.DoesNotContain(receipt.Canonical[..24], refused.Html.ToUpperInvariant().Replace("-", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(1, await App.WithDatabaseAsync(db => db.CaseMessages.CountAsync()));
    }

    [Fact]
    public async Task The_inbox_cookie_is_http_only_same_site_strict_secure_over_tls_and_limited_to_the_inbox()
    {
        var (receipt, _, _) = await FileAsync(new ReportFields());
        var tls = new PageSession(App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            BaseAddress = new Uri("https://localhost/"),
        }));

        var status = await tls.GetAsync("/status");
        var signedIn = await tls.SubmitAsync(status, "status", ("receipt", receipt.Display));

        Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);
        var cookie = Assert.Single(signedIn.Response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("rp_inbox=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/;", cookie + ";", StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(receipt.Canonical, cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Signing_out_ends_the_inbox_session()
    {
        var (receipt, _, _) = await FileAsync(new ReportFields());
        var inbox = await SignInAsync(receipt.Display);

        var signedOut = await Browser.SubmitAsync(inbox, "sign-out");
        Assert.Equal("/status", signedOut.Address.AbsolutePath);
        Assert.Contains("You have signed out of your inbox", signedOut.Text, StringComparison.Ordinal);

        var after = await Browser.GetAsync("/status/inbox");
        Assert.Equal("/status", after.Address.AbsolutePath);
    }

    [Fact]
    public async Task The_inbox_session_ends_after_30_idle_minutes_but_activity_keeps_it_alive()
    {
        var (receipt, _, _) = await FileAsync(new ReportFields());
        await SignInAsync(receipt.Display);

        App.Clock.Advance(TimeSpan.FromMinutes(25));
        Assert.Equal("/status/inbox", (await Browser.GetAsync("/status/inbox")).Address.AbsolutePath);
        App.Clock.Advance(TimeSpan.FromMinutes(25));
        Assert.Equal("/status/inbox", (await Browser.GetAsync("/status/inbox")).Address.AbsolutePath);

        App.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal("/status", (await Browser.GetAsync("/status/inbox")).Address.AbsolutePath);
    }
}
