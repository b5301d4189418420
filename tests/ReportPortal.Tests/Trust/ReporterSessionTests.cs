using System.Net;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Trust;

/// <summary>The reporter's inbox session is held server-side: signing out or expiring makes a copied cookie worthless.</summary>
public sealed class ReporterSessionTests : ReporterAppTest
{
    [Fact]
    public async Task A_cookie_copied_before_sign_out_opens_nothing_afterwards()
    {
        var (receipt, _, _) = await FileAsync(new ReportFields());
        var inbox = await SignInAsync(receipt.Display);
        var copied = SessionCookie(inbox);
        Assert.Equal(HttpStatusCode.OK, (await WithCookie(copied).GetAsync("/status/inbox")).StatusCode);

        await Browser.SubmitAsync(inbox, "sign-out");

        Assert.Equal(0, await App.WithDatabaseAsync(db => db.ReporterSessions.CountAsync()));
        var replay = await WithCookie(copied).GetAsync("/status/inbox");
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.Equal("/status", new Uri(new Uri("http://localhost"), replay.Headers.Location!).AbsolutePath);
    }

    [Fact]
    public async Task A_cookie_copied_before_expiry_opens_nothing_afterwards_and_the_session_row_is_gone()
    {
        var (receipt, _, _) = await FileAsync(new ReportFields());
        var copied = SessionCookie(await SignInAsync(receipt.Display));

        App.Clock.Advance(TimeSpan.FromMinutes(31));

        var replay = await WithCookie(copied).GetAsync("/status/inbox");
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.Equal(0, await App.WithDatabaseAsync(db => db.ReporterSessions.CountAsync()));
    }

    [Fact]
    public async Task The_session_row_holds_neither_the_receipt_nor_anything_its_cookie_is_not_needed_for()
    {
        var (receipt, _, _) = await FileAsync(new ReportFields());
        var cookie = SessionCookie(await SignInAsync(receipt.Display));

        var session = await App.WithDatabaseAsync(db => db.ReporterSessions.AsNoTracking().SingleAsync());
        Assert.DoesNotContain(Convert.FromBase64String(cookie), new[] { session.SecretHash, session.SealedAccess });
        var stored = Convert.ToHexString(session.SecretHash) + Convert.ToHexString(session.SealedAccess);
        // The row does not say which case it opens, nor when the reporter was active finer than the minute.
        var caseId = await App.WithDatabaseAsync(db => db.Cases.Select(c => c.Id).SingleAsync());
        Assert.DoesNotContain(Convert.ToHexString(caseId.ToByteArray(bigEndian: true)), stored, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(caseId.ToByteArray()), stored, StringComparison.Ordinal);
        Assert.Equal(0, session.ExpiresAt.Second);
        Assert.Equal(0, session.ExpiresAt.Millisecond);
        Assert.DoesNotContain(Convert.ToHexString(System.Text.Encoding.ASCII.GetBytes(receipt.Canonical)), stored, StringComparison.Ordinal);
        // The receipt lookup it carries (the proof the database asks for) is sealed too.
        Assert.DoesNotContain(Convert.ToHexString(receipt.LookupHash(App.Secrets.ReceiptLookupKey)), stored, StringComparison.Ordinal);

        // A forged cookie of the right shape opens nothing.
        var forged = await WithCookie(Convert.ToBase64String(new byte[32])).GetAsync("/status/inbox");
        Assert.Equal(HttpStatusCode.Redirect, forged.StatusCode);
    }

    [Fact]
    public async Task Sign_out_sits_in_the_header_of_every_page_while_a_session_exists_and_works_from_there()
    {
        var before = await Browser.GetAsync("/");
        Assert.Null(before.Document.QuerySelector("header ~ section form[action='/status/sign-out'], form[action='/status/sign-out']"));
        var (receipt, _, _) = await FileAsync(new ReportFields());
        await SignInAsync(receipt.Display);

        var home = await Browser.GetAsync("/");
        var signOut = home.Document.QuerySelector("form[action='/status/sign-out']");
        Assert.NotNull(signOut);
        Assert.Equal("Sign out", signOut.QuerySelector("button")!.TextContent.Trim());

        var signedOut = await Browser.SubmitFormAsync(home, signOut);

        Assert.Equal("/status", signedOut.Address.AbsolutePath);
        Assert.Contains("You have signed out of your inbox.", signedOut.Text, StringComparison.Ordinal);
        Assert.Equal(0, await App.WithDatabaseAsync(db => db.ReporterSessions.CountAsync()));
        Assert.Null((await Browser.GetAsync("/")).Document.QuerySelector("form[action='/status/sign-out']"));
    }

    [Fact]
    public async Task The_header_sign_out_refuses_a_post_without_its_antiforgery_token()
    {
        var (receipt, _, _) = await FileAsync(new ReportFields());
        await SignInAsync(receipt.Display);

        var forged = await Browser.Client.PostAsync("/status/sign-out", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(1, await App.WithDatabaseAsync(db => db.ReporterSessions.CountAsync()));
    }

    private static string SessionCookie(LoadedPage page)
    {
        var cookies = page.Response.RequestMessage!.Headers.TryGetValues("Cookie", out var values) ? string.Join("; ", values) : string.Empty;
        var pair = cookies.Split(';', StringSplitOptions.TrimEntries).Single(c => c.StartsWith("rp_inbox=", StringComparison.Ordinal));
        return Uri.UnescapeDataString(pair["rp_inbox=".Length..]);
    }

    private HttpClient WithCookie(string value)
    {
        var client = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", $"rp_inbox={Uri.EscapeDataString(value)}");
        return client;
    }
}
