using Microsoft.Playwright;
using ReportPortal.Tests.Evidence;
using static Microsoft.Playwright.Assertions;

namespace ReportPortal.Tests.Browser;

/// <summary>
/// Files chosen on the report form in a real browser with scripts disabled: chosen with the file fields,
/// taken by a plain button, listed on check your answers and removed there, photographed at phone and
/// desktop widths (tests/ReportPortal.Tests/bin/screenshots/evidence) and audited with axe.
/// </summary>
public sealed class ReportFilesBrowserTests(ChromiumFixture chromium, ReporterSiteFixture site)
    : IClassFixture<ChromiumFixture>, IClassFixture<ReporterSiteFixture>
{
    [Theory]
    [InlineData("desktop")]
    [InlineData("phone")]
    public async Task Files_chosen_on_the_report_form_are_listed_on_check_your_answers_and_one_can_be_removed(string width)
    {
        var folder = Path.Combine(ReporterPagesBrowserTests.ScreenshotsFolder(), "evidence", width);
        Directory.CreateDirectory(folder);
        await using var tab = await chromium.OpenReporterTabAsync(site.App.BaseAddress, width == "phone" ? ChromiumFixture.Phone : ChromiumFixture.Desktop);
        var page = tab.Page;
        var form = new ReportFormPage(page);
        await tab.GoToAsync("/report");
        await form.FillValidReportAsync();

        await page.GetByLabel("File 1").SetInputFilesAsync(new FilePayload { Name = "IMG_20261003_231512.jpg", MimeType = "image/jpeg", Buffer = EvidenceSamples.BaseJpegBytes });
        await page.GetByLabel("File 2").SetInputFilesAsync(new FilePayload { Name = "chat notes.txt", MimeType = "text/plain", Buffer = "Messages copied from the group\n"u8.ToArray() });
        // Cleaning with mat2 takes a few seconds on a busy machine.
        await page.GetByRole(AriaRole.Button, new() { Name = "Add files", Exact = true }).ClickAsync(new() { Timeout = 60_000 });
        await page.WaitForLoadStateAsync(LoadState.Load, new() { Timeout = 60_000 });

        var names = page.Locator("#file-list .rp-file-list__name");
        await Expect(names).ToHaveTextAsync(["image.jpg", "chat notes.txt"]);
        await Expect(page.Locator(".rp-upload-result--added")).ToHaveCountAsync(2);
        await Expect(form.WhatHappened).ToHaveValueAsync(ReportFormPage.Description);
        await tab.CheckDocumentAsync();
        await ShootAndAuditAsync(page, folder, "01-report-form-with-files");

        await form.Continue.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Check your answers");
        await Expect(names).ToHaveTextAsync(["image.jpg", "chat notes.txt"]);
        await Expect(page.Locator("#file-list .rp-file-list__meta").First).ToContainTextAsync("JPEG image");
        await tab.CheckDocumentAsync();
        await ShootAndAuditAsync(page, folder, "02-check-answers-with-files");

        var receipt = await form.ShownReceiptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove image.jpg" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Check your answers");
        await Expect(names).ToHaveTextAsync(["chat notes.txt"]);
        await tab.CheckDocumentAsync();
        Assert.Equal(receipt.Display, (await form.ShownReceiptAsync()).Display);
        tab.AssertCleanVisit();
    }

    private async Task ShootAndAuditAsync(IPage page, string folder, string name)
    {
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });
        Assert.True(png.Length > 10_000, $"{name} is suspiciously small ({png.Length} bytes).");
        Assert.Empty(await AxeAudit.ViolationsAsync(chromium.Browser, page, name));
    }
}
