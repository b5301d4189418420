using Microsoft.Playwright;

namespace ReportPortal.Tests.Browser;

/// <summary>
/// The report form found the way a person finds it: by its labels, legends and button names. A field
/// that lost its label, or a radio outside its fieldset, is then a failing test rather than a silent one.
/// </summary>
public sealed class ReportFormPage(IPage page)
{
    public const string Description = "A colleague shared a racist meme about a victim in the late turn group chat.";

    public ILocator Force => page.GetByLabel("Which force are you reporting to?");

    public ILocator Category(string label) => Group("What was the material?").GetByLabel(label, new() { Exact = true });

    public ILocator Platform => page.GetByLabel("App or website (optional)");

    public ILocator GroupName => page.GetByLabel("Name of the group or chat (optional)");

    public ILocator When => page.GetByLabel("Roughly when was it posted? (optional)");

    public ILocator WhatHappened => page.GetByLabel("What happened?", new() { Exact = true });

    public ILocator Colleague(int number) => Group($"Colleague {number} (all optional)");

    public ILocator ColleagueName(int number) => Colleague(number).GetByLabel("Name", new() { Exact = true });

    public ILocator ColleagueStaffNumber(int number) => Colleague(number).GetByLabel("Collar or staff number");

    public ILocator ColleagueRank(int number) => Colleague(number).GetByLabel("Rank or role");

    public ILocator Identity(string label) => Group("How do you want to be known?").GetByLabel(label, new() { Exact = true });

    public ILocator Support(string answer) => Group("Would you like support from a welfare lead?").GetByLabel(answer, new() { Exact = true });

    public ILocator Retaliation(string answer) =>
        Group("Are you worried about being treated badly because you reported?").GetByLabel(answer, new() { Exact = true });

    public ILocator AddAnotherColleague => page.GetByRole(AriaRole.Button, new() { Name = "Add another colleague" });

    /// <summary>The form's main button: it leads to the check-your-answers step, where nothing is sent yet.</summary>
    public ILocator Continue => page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true });

    public ILocator SendReport => page.GetByRole(AriaRole.Button, new() { Name = "Send report" });

    public ILocator Receipt => page.Locator("#receipt");

    public ILocator ReceiptCheck => page.GetByLabel("Enter the last group of 4 characters of your receipt");

    public ILocator Change(string what) => page.GetByRole(AriaRole.Button, new() { Name = $"Change {what}", Exact = true });

    public ILocator ErrorSummary => page.Locator(".govuk-error-summary");

    /// <summary>Everything but the description, which the journey first leaves empty on purpose.</summary>
    public async Task FillAllButDescriptionAsync()
    {
        await Force.SelectOptionAsync(new SelectOptionValue { Label = "Demo Constabulary" });
        await Category("Racist content").CheckAsync();
        await Platform.FillAsync("WhatsApp");
        await GroupName.FillAsync("Late Turn Lads");
        await When.FillAsync("Early March 2026");
        await ColleagueName(1).FillAsync("PC Example Person");
        await ColleagueStaffNumber(1).FillAsync("1234");
        await ColleagueRank(1).FillAsync("Constable");
        await Identity("Anonymously").CheckAsync();
        await Support("No").CheckAsync();
        await Retaliation("Yes").CheckAsync();
    }

    public async Task FillValidReportAsync()
    {
        await FillAllButDescriptionAsync();
        await WhatHappened.FillAsync(Description);
    }

    /// <summary>The receipt on the check-your-answers page, read as the reporter reads it.</summary>
    public async Task<ReportPortal.Crypto.Receipt> ShownReceiptAsync()
    {
        var parsed = ReportPortal.Crypto.Receipt.Parse(await Receipt.TextContentAsync());
        Assert.True(parsed.Success, $"The page shows something that is not a receipt: {parsed.Problem}");
        return parsed.Receipt!;
    }

    /// <summary>Types the receipt's last group of four back, as the check-your-answers page asks.</summary>
    public async Task ConfirmReceiptAsync(ReportPortal.Crypto.Receipt receipt) =>
        await ReceiptCheck.FillAsync(receipt.Display.Split('-')[5]);

    private ILocator Group(string legend) => page.GetByRole(AriaRole.Group, new() { Name = legend, Exact = true });
}
