using System.Net;
using ReportPortal.Crypto;
using ReportPortal.ReporterFace.Status;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Status;

/// <summary>Signing in with a receipt: wrong, malformed and repeated attempts.</summary>
public sealed class StatusSignInTests : ReporterAppTest
{
    private const string Calm = "We could not open a report with that receipt.";

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-77777")]
    [InlineData("UUUU-UUUU-UUUU-UUUU-UUUU-UUUU-U")]
    [InlineData("'; drop table \"Cases\"; --")]
    public async Task Malformed_receipts_get_the_same_calm_message(string typed)
    {
        var page = await SignInAsync(typed);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.StartsWith(Calm, page.ErrorFor("receipt"), StringComparison.Ordinal);
        Assert.DoesNotContain("mistyped", page.ErrorFor("receipt"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_well_formed_receipt_that_opens_nothing_gets_the_same_message_as_a_malformed_one()
    {
        var unknown = await SignInAsync(Receipt.Generate().Display);
        var malformed = await SignInAsync("nonsense");

        Assert.Equal(malformed.ErrorFor("receipt"), unknown.ErrorFor("receipt"));
        Assert.Equal(malformed.Status, unknown.Status);
    }

    [Fact]
    public async Task A_typo_caught_by_the_check_character_gets_a_helpful_hint()
    {
        var display = Receipt.Generate().Display.ToCharArray();
        display[0] = display[0] == 'A' ? 'B' : 'A';

        var page = await SignInAsync(new string(display));

        Assert.StartsWith(Calm, page.ErrorFor("receipt"), StringComparison.Ordinal);
        Assert.Contains("One character looks mistyped", page.ErrorFor("receipt"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_typed_receipt_is_never_echoed_back_into_the_page()
    {
        var receipt = Receipt.Generate();
        var page = await SignInAsync(receipt.Display);

        Assert.DoesNotContain(receipt.Canonical[..8], page.Html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_tampered_inbox_cookie_is_not_a_session()
    {
        Browser.Client.DefaultRequestHeaders.Add("Cookie", $"{InboxSession.CookieName}=AAAA{new string('B', 200)}");
        var page = await Browser.GetAsync("/status/inbox");

        Assert.Equal("/status", page.Address.AbsolutePath);
    }
}
