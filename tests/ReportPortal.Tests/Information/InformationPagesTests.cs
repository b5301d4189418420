using System.Net;
using AngleSharp.Dom;
using Microsoft.AspNetCore.Mvc.Testing;
using ReportPortal.ReporterFace.Components.Layout;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Information;

/// <summary>The home page and the information pages a public service must have, through real requests.</summary>
public sealed class InformationPagesTests : ReporterAppTest
{
    public static TheoryData<string, string> InformationPages => new()
    {
        { "/accessibility", "Accessibility statement" },
        { "/privacy", "Privacy notice" },
        { "/cookies", "Cookies" },
        { "/contact", "Contact" },
    };

    public static TheoryData<string> EveryKindOfPage => new() { "/", "/report", "/status", "/accessibility", "/privacy", "/cookies", "/contact", "/no-such-page" };

    [Theory]
    [MemberData(nameof(InformationPages))]
    public async Task Each_information_page_has_one_title_and_headings_that_go_down_one_level_at_a_time(string path, string title)
    {
        var page = await Browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal($"{title} – ReportPortal", page.Document.Title);
        Assert.Equal(title, Assert.Single(page.Document.QuerySelectorAll("main h1")).TextContent.Trim());
        AssertHeadingsNest(page.Document);
    }

    [Fact]
    public async Task The_home_page_headings_go_down_one_level_at_a_time() =>
        AssertHeadingsNest((await Browser.GetAsync("/")).Document);

    [Theory]
    [MemberData(nameof(EveryKindOfPage))]
    public async Task Every_page_links_to_the_information_pages_from_its_footer(string path)
    {
        var page = await Browser.GetAsync(path);
        var footerLinks = page.Document.QuerySelectorAll("footer a").Select(a => (a.TextContent.Trim(), a.GetAttribute("href"))).ToList();

        Assert.Contains(("Accessibility statement", "/accessibility"), footerLinks);
        Assert.Contains(("Privacy notice", "/privacy"), footerLinks);
        Assert.Contains(("Cookies", "/cookies"), footerLinks);
        Assert.Contains(("Contact", "/contact"), footerLinks);
    }

    [Theory]
    [MemberData(nameof(EveryKindOfPage))]
    public async Task Every_page_offers_a_plain_exit_link_that_keyboard_users_reach_second(string path)
    {
        var page = await Browser.GetAsync(path);
        var focusable = page.Document.QuerySelectorAll("a[href], button, input:not([type='hidden']), select, textarea").ToList();

        Assert.Equal("Skip to main content", focusable[0].TextContent.Trim());
        var exit = focusable[1];
        Assert.Equal("Emergency Exit this page", exit.TextContent.Trim());
        Assert.Equal(MainLayout.ExitAddress, exit.GetAttribute("href"));
        Assert.Contains("noreferrer", exit.GetAttribute("rel")!.Split(' '));
        Assert.False(exit.HasAttribute("data-module"), "GOV.UK's script hook would do nothing here: reporter pages run no scripts.");
        Assert.False(exit.HasAttribute("target"), "A new tab would leave this page open behind it.");
    }

    [Fact]
    public async Task The_home_page_puts_999_the_other_routes_and_safety_advice_before_the_start_button()
    {
        var page = await Browser.GetAsync("/");
        var main = page.Document.QuerySelector("main")!;
        var start = main.QuerySelector("a.govuk-button--start")!;
        var warning = main.QuerySelector(".govuk-warning-text")!;

        Assert.Equal("/report", start.GetAttribute("href"));
        Assert.Contains("If someone is in danger now, call 999.", warning.TextContent, StringComparison.Ordinal);
        var before = TextBefore(main, start);
        Assert.Contains(Flatten(warning.TextContent).Trim(), before, StringComparison.Ordinal);
        string[] mentioned =
        [
            "professional standards department or anti-corruption unit", "Independent Office for Police Conduct",
            "Crimestoppers’ police anti-corruption and abuse reporting line", "Protect, the whistleblowing charity",
            "Police Federation", "UNISON", "occupational health", "employee assistance",
            "your own phone or computer", "not a force network", "private or incognito window", "Tor Browser",
        ];
        AssertSaysAll(before, mentioned);
    }

    [Fact]
    public async Task The_home_page_explains_the_three_choices_and_never_tells_every_reporter_they_are_unknown()
    {
        var text = Flatten((await Browser.GetAsync("/")).Text);

        Assert.DoesNotContain("do not know who you are", text, StringComparison.OrdinalIgnoreCase);
        AssertSaysAll(
            text,
            "The service is built to keep no record of your internet (IP) address, your browser or your device.",
            "A handler can only see your name if they ask for it, give their reasons, and a custodian approves.",
            "you are told through your inbox first",
            "the handling team can see who you are",
            "What a custodian is",
            "the people the law says must see the evidence");
    }

    [Fact]
    public async Task The_home_page_states_the_law_carefully()
    {
        var text = Flatten((await Browser.GetAsync("/")).Text);

        AssertSaysAll(
            text,
            "is likely to be a protected disclosure under section 43B of the Employment Rights Act 1996",
            "Police officers are covered by section 43KA, which the Police Reform Act 2002 added.",
            "If you are a police officer, the Standards of Professional Behaviour say you must report, challenge or take action",
            "If you are a member of police staff, the Code of Ethics and your force’s own rules");
        Assert.DoesNotContain("Public Interest Disclosure Act 1998, which covers police officers", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_onion_address_nothing_mentions_one()
    {
        var page = await Browser.GetAsync("/");

        Assert.DoesNotContain(".onion", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("onion address", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Links_to_other_organisations_are_plain_links_without_a_referrer()
    {
        var page = await Browser.GetAsync("/");
        var outbound = page.Document.QuerySelectorAll("a[href^='http']").ToList();

        Assert.True(outbound.Count >= 6, "The home page should name its sources of help with links.");
        Assert.All(outbound, link =>
        {
            Assert.StartsWith("https://", link.GetAttribute("href"), StringComparison.Ordinal);
            Assert.Contains("noreferrer", link.GetAttribute("rel")!.Split(' '));
        });
    }

    [Fact]
    public async Task The_contact_privacy_and_accessibility_pages_name_who_runs_the_demo()
    {
        foreach (var path in new[] { "/contact", "/privacy", "/accessibility" })
        {
            var page = await Browser.GetAsync(path);
            Assert.Contains("Demo Constabulary (a demonstration, not a real force)", page.Text, StringComparison.Ordinal);
        }

        var contact = await Browser.GetAsync("/contact");
        Assert.NotNull(contact.Document.QuerySelector("a[href='mailto:contact@reportportal.example']"));
        Assert.Contains("1 Example Street, Exampletown (not a real address)", contact.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cookies_page_lists_exactly_the_cookies_a_reporter_is_given()
    {
        // Without following redirects, so the cookie set by the sign-in post itself is seen.
        var session = new PageSession(App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
        var given = new HashSet<string>();
        void Collect(LoadedPage page) => given.UnionWith(CookieNames(page.Response));

        var form = await session.GetAsync("/report");
        Collect(form);
        var check = await session.SubmitAsync(form, "report", new ReportFields().All);
        Collect(check);
        var receipt = ReportJourney.ShownReceipt(check);
        Collect(await ReportJourney.SendAsync(session, check, receipt));
        var status = await session.GetAsync("/status");
        Collect(status);
        var signedIn = await session.SubmitAsync(status, "status", ("receipt", receipt.Display));
        Collect(signedIn);
        Collect(await session.GetAsync("/status/inbox"));

        var listed = (await session.GetAsync("/cookies")).Document
            .QuerySelectorAll("main .govuk-summary-list code").Select(name => name.TextContent.Trim()).ToHashSet();
        Assert.Equal(["rp_af", "rp_inbox"], given.Order());
        Assert.Equal(given.Order(), listed.Order());
    }

    private static void AssertSaysAll(string text, params string[] phrases) =>
        Assert.All(phrases, phrase => Assert.Contains(phrase, text, StringComparison.Ordinal));

    private static IEnumerable<string> CookieNames(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split('=')[0]) : [];

    private static void AssertHeadingsNest(IDocument document)
    {
        var levels = document.QuerySelectorAll("main h1, main h2, main h3, main h4, main h5, main h6")
            .Select(h => h.LocalName[1] - '0').ToList();

        Assert.Equal(1, levels[0]);
        Assert.Single(levels, level => level == 1);
        Assert.All(levels.Zip(levels.Skip(1)), pair => Assert.True(pair.Second <= pair.First + 1, $"A heading jumps from h{pair.First} to h{pair.Second}."));
    }

    /// <summary>Everything in <paramref name="container"/> that comes before <paramref name="marker"/> in reading order.</summary>
    private static string TextBefore(IElement container, IElement marker) => Flatten(string.Concat(
        container.Descendants<IText>()
            .TakeWhile(node => !marker.Contains(node) && (node.CompareDocumentPosition(marker) & DocumentPositions.Following) != 0)
            .Select(node => node.Data)));

    private static string Flatten(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");
}
