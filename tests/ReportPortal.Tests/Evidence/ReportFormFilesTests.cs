using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Evidence;
using ReportPortal.Crypto;
using ReportPortal.ReporterFace.Evidence;
using ReportPortal.Tests.Infrastructure;
using ReportPortal.Tests.Safety;
using ReportPortal.Tests.TestHost;
using UploadPart = ReportPortal.Tests.Evidence.InboxUploadTests.UploadPart;

namespace ReportPortal.Tests.Evidence;

/// <summary>
/// Files chosen on the report form itself, before the report is sent: through the real multipart form, real
/// mat2 and real PostgreSQL as the reporter role. Sealed at once, listed on check your answers, kept through
/// corrections, taken into the case on Send (once, however often it is sent) and swept when abandoned.
/// </summary>
public sealed class ReportFormFilesTests : ReporterAppTest
{
    private const string Canary = "CanaryEvidenceTextZq81";

    [Fact]
    public async Task Files_chosen_before_sending_are_sealed_listed_and_become_the_cases_files_once_however_often_it_is_sent()
    {
        var jpeg = EvidenceSamples.JpegWithGpsAndCamera(Path.GetTempPath());
        var form = await Browser.GetAsync("/report");

        var check = await PostReportAsync(form, new ReportFields().All,
            new UploadPart(1, "IMG_20261003_231512.jpg", jpeg), new UploadPart(2, "notes.txt", System.Text.Encoding.UTF8.GetBytes(Canary + "\n")));

        Assert.Equal(HttpStatusCode.OK, check.Status);
        Assert.Contains("Check your answers", check.Text, StringComparison.Ordinal);
        Assert.Equal(["image.jpg", "notes.txt"], check.Document.QuerySelectorAll(".rp-file-list__name").Select(e => e.TextContent));
        Assert.StartsWith("JPEG image, ", check.Document.QuerySelector(".rp-file-list__meta")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, check.Document.QuerySelectorAll("#file-list button[value^='remove-checked-file:']").Length);
        // Nothing is filed yet; what is held is sealed, names no case, and expires.
        Assert.Equal(0, await App.CaseCountAsync());
        var pending = await App.WithDatabaseAsync(db => db.PendingEvidenceFiles.AsNoTracking().ToListAsync());
        Assert.Equal(2, pending.Count);
        Assert.All(pending, p => Assert.True(p.ExpiresAt > App.Clock.GetUtcNow() && p.HashForIndex is not null));
        AssertNoReadableCopies();

        // A double click: both sends race, one case is filed with both files, neither send fails.
        var receipt = ReportJourney.ShownReceipt(check);
        var sends = await Task.WhenAll(ReportJourney.SendAsync(Browser, check, receipt), ReportJourney.SendAsync(Browser, check, receipt));
        Assert.All(sends, sent => Assert.Equal(HttpStatusCode.OK, sent.Status));
        var again = await ReportJourney.SendAsync(Browser, check, receipt);
        Assert.Equal(HttpStatusCode.OK, again.Status);

        Assert.Equal(1, await App.CaseCountAsync());
        Assert.Equal(0, await App.WithDatabaseAsync(db => db.PendingEvidenceFiles.CountAsync()));
        var rows = await App.WithDatabaseAsync(db => db.EvidenceFiles.AsNoTracking().ToListAsync());
        Assert.Equal(pending.Select(p => p.StorageKey).Order(StringComparer.Ordinal), rows.Select(r => r.StorageKey).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.True(r.AddedByStaffMemberId is null && r.ContentHashIndex is null && r.HashForIndex is not null));

        // Opened with the case key, as staff would: cleaned, and the hash of what was received sealed with it.
        var caseKey = await CaseKeyAsync();
        var byName = rows.ToDictionary(r => EvidenceSetup.Describe(caseKey, r.CaseId, r.Id, r.SealedDescription).Name);
        var cleaned = await OpenAsync(caseKey, byName["image.jpg"]);
        Assert.Equal(EvidenceSamples.JpegScan(EvidenceSamples.BaseJpegBytes), EvidenceSamples.JpegScan(cleaned));
        Assert.DoesNotContain("GPS", EvidenceSamples.Run("exiftool", "-s", Keep(cleaned, ".jpg")), StringComparison.Ordinal);
        Assert.Equal(Canary + "\n", System.Text.Encoding.UTF8.GetString(await OpenAsync(caseKey, byName["notes.txt"])));
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(jpeg),
            Sealer.Open(caseKey, byName["image.jpg"].SealedContentHash, new SealContext(byName["image.jpg"].CaseId, byName["image.jpg"].Id, EvidenceFiling.ContentHashField)));

        // The canary is nowhere at rest: not in a blob, not under the temp root, not in the database.
        var dump = await (await PostgresServer.GetAsync()).DumpAsync(App.AdminConnectionString);
        Assert.Contains("EvidenceFiles", dump, StringComparison.Ordinal);
        var stored = Directory.EnumerateFiles(App.EvidenceFolder, "*", SearchOption.AllDirectories)
            .Where(path => !Path.GetFileName(path).StartsWith("opened-", StringComparison.Ordinal))
            .Select(path => System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(path))).ToList();
        Assert.NotEmpty(stored);
        foreach (var form_ in CanaryTests.Encodings(Canary))
        {
            Assert.DoesNotContain(form_, dump, StringComparison.OrdinalIgnoreCase);
            Assert.All(stored, bytes => Assert.DoesNotContain(form_, bytes, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task Two_tabs_of_one_form_sent_under_different_receipts_file_one_case_and_the_later_send_is_told_so_kindly()
    {
        var form = await Browser.GetAsync("/report");
        var withFiles = await PostReportAsync(form, [.. new ReportFields().All.Where(f => f.Key != "command"), new("command", "add-files")],
            new UploadPart(1, "notes.txt", "one\n"u8.ToArray()));
        // The page open in three tabs (one files-token, so one future case id): each goes on to check its
        // answers and is shown a receipt of its own.
        var tabs = new List<LoadedPage>();
        for (var i = 0; i < 3; i++)
        {
            tabs.Add(await PostReportAsync(withFiles, [new("command", "check")]));
        }

        var receipts = tabs.Select(ReportJourney.ShownReceipt).ToList();
        Assert.Equal(3, receipts.Select(r => r.Canonical).Distinct().Count());

        // Two sent at once, then the third after both.
        var racing = await Task.WhenAll(ReportJourney.SendAsync(Browser, tabs[0], receipts[0]), ReportJourney.SendAsync(Browser, tabs[1], receipts[1]));
        var late = await ReportJourney.SendAsync(Browser, tabs[2], receipts[2]);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], racing.Select(p => p.Status).Order());
        Assert.Equal(HttpStatusCode.Conflict, late.Status);
        var filedWith = receipts[Array.FindIndex(racing, p => p.Status == HttpStatusCode.OK)];
        foreach (var told in racing.Where(p => p.Status == HttpStatusCode.Conflict).Append(late))
        {
            Assert.Contains("This report has already been sent", told.Document.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
            Assert.Contains("opens nothing", told.Text, StringComparison.Ordinal);
            // Never the receipt that opens the case (the server does not hold it, and must not show it anyway).
            Assert.DoesNotContain(filedWith.Canonical, told.Text.Replace("-", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        }

        // One case, whole, with the file; nothing half-written from the other sends.
        Assert.Equal(1, await App.CaseCountAsync());
        Assert.Single(await App.WithDatabaseAsync(db => db.EvidenceFiles.AsNoTracking().ToListAsync()));
        Assert.Equal(0, await App.WithDatabaseAsync(db => db.PendingEvidenceFiles.CountAsync()));
        Assert.Equal(3, await App.WithDatabaseAsync(db => db.KeyGrants.CountAsync(g => g.Purpose == KeyPurpose.CaseContent)));
        // A repeated send of the tab that filed it still shows its receipt again.
        var again = await ReportJourney.SendAsync(Browser, tabs[Array.IndexOf([.. receipts], filedWith)], filedWith);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(filedWith.Display, ReportJourney.ShownReceipt(again).Display);
    }

    [Fact]
    public async Task A_validation_error_a_change_link_and_a_removal_keep_the_answers_and_the_other_files()
    {
        var form = await Browser.GetAsync("/report");

        var invalid = await PostReportAsync(form, new ReportFields().Set("what", string.Empty).All,
            new UploadPart(1, "first.txt", "one\n"u8.ToArray()), new UploadPart(2, "second.txt", "two\n"u8.ToArray()));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.Status);
        Assert.Equal(2, invalid.Document.QuerySelectorAll(".rp-upload-result--added").Length);
        Assert.Equal(["first.txt", "second.txt"], Names(invalid));
        Assert.Equal("Late Turn Lads", invalid.Document.QuerySelector("#group")!.GetAttribute("value"));

        var check = await PostReportAsync(invalid, [new("what", "A meme in the group."), new("command", "check")]);
        Assert.Equal(["first.txt", "second.txt"], Names(check));

        var change = await Browser.SubmitAsync(check, "report", ("command", "change:group"));
        Assert.Equal(["first.txt", "second.txt"], Names(change));
        Assert.Single(change.Document.QuerySelectorAll("#file-1"));

        check = await PostReportAsync(change, [new("command", "check")]);
        var removeFirst = check.Document.QuerySelectorAll("#file-list button")[0].GetAttribute("value")!;
        var removed = await Browser.SubmitAsync(check, "report", ("command", removeFirst));
        Assert.Contains("Check your answers", removed.Text, StringComparison.Ordinal);
        Assert.Equal(["second.txt"], Names(removed));
        Assert.Equal(ReportJourney.ShownReceipt(check).Display, ReportJourney.ShownReceipt(removed).Display);
        Assert.Equal(1, await App.WithDatabaseAsync(db => db.PendingEvidenceFiles.CountAsync()));
        Assert.Equal(1, BlobCount());

        var sent = await ReportJourney.SendAsync(Browser, removed, ReportJourney.ShownReceipt(removed));
        Assert.Equal(HttpStatusCode.OK, sent.Status);
        var row = await App.WithDatabaseAsync(db => db.EvidenceFiles.AsNoTracking().SingleAsync());
        Assert.Equal("second.txt", EvidenceSetup.Describe(await CaseKeyAsync(), row.CaseId, row.Id, row.SealedDescription).Name);
        AssertNoReadableCopies();
    }

    [Fact]
    public async Task Refused_files_say_why_on_the_report_form_and_keep_nothing()
    {
        var form = await Browser.GetAsync("/report");

        var page = await PostReportAsync(form, [.. new ReportFields().All.Where(f => f.Key != "command"), new("command", "add-files")],
            new UploadPart(1, "photo.jpg", EvidenceSamples.PdfWithAuthor()), new UploadPart(2, "empty.txt", []));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var refused = page.Document.QuerySelectorAll(".rp-upload-result--refused").Select(e => e.TextContent).ToList();
        Assert.Contains(refused, r => r.Contains("photo.jpg is a PDF document but its name ends in .jpg", StringComparison.Ordinal));
        Assert.Contains(refused, r => r.Contains("empty.txt is empty", StringComparison.Ordinal));
        Assert.Empty(Names(page));
        Assert.Equal(0, await App.WithDatabaseAsync(db => db.PendingEvidenceFiles.CountAsync()));
        Assert.Equal(0, BlobCount());
        AssertNoReadableCopies();
    }

    [Fact]
    public async Task Abandoned_files_are_deleted_by_the_sweep_once_their_time_has_passed_and_the_form_then_says_so()
    {
        var form = await Browser.GetAsync("/report");
        var check = await PostReportAsync(form, new ReportFields().All, new UploadPart(1, "notes.txt", "kept for a while\n"u8.ToArray(), Keep: true));
        Assert.Equal(["notes.txt"], Names(check));
        Assert.Equal(2, BlobCount());
        var sweep = App.Services.GetServices<IHostedService>().OfType<PendingEvidenceSweep>().Single();

        App.Clock.Advance(TimeSpan.FromMinutes(179));
        Assert.Equal(0, await sweep.SweepOnceAsync(CancellationToken.None));
        Assert.Equal(2, BlobCount());

        App.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await sweep.SweepOnceAsync(CancellationToken.None));

        Assert.Equal(0, await App.WithDatabaseAsync(db => db.PendingEvidenceFiles.CountAsync()));
        Assert.Equal(0, BlobCount());
        // Sending the form that held them is stopped and told, rather than filing a report that silently lacks them.
        var sent = await ReportJourney.SendAsync(Browser, check, ReportJourney.ShownReceipt(check));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, sent.Status);
        Assert.Contains("The files you added were deleted because the report was not sent in time", sent.Text, StringComparison.Ordinal);
        Assert.Empty(Names(sent));
        Assert.Equal(0, await App.CaseCountAsync());
    }

    [Fact]
    public async Task A_report_form_post_without_its_token_takes_no_file_and_is_held_for_sending_again()
    {
        var form = await Browser.GetAsync("/report");
        var fields = ReportJourney.CurrentValues(form).Where(f => f.Key != "_af")
            .Where(f => !f.Key.StartsWith(EvidenceUpload.FileField, StringComparison.Ordinal));
        using var content = Multipart(fields.Concat(new ReportFields().All), [new UploadPart(1, "notes.txt", "hello\n"u8.ToArray())]);

        var response = await Browser.Client.PostAsync("/report", content);

        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(0, await App.WithDatabaseAsync(db => db.PendingEvidenceFiles.CountAsync()));
        Assert.Equal(0, BlobCount());
        AssertNoReadableCopies();
    }

    private static List<string> Names(LoadedPage page) =>
        [.. page.Document.QuerySelectorAll("#file-list .rp-file-list__name").Select(e => e.TextContent)];

    /// <summary>
    /// Posts the page's report form as a browser does (multipart): every value it holds, with
    /// <paramref name="changes"/> in place of the same names, then the chosen files after the fields.
    /// </summary>
    private Task<LoadedPage> PostReportAsync(LoadedPage page, IEnumerable<KeyValuePair<string, string>> changes, params UploadPart[] files) =>
        PostReportAsync(Browser, page, changes, files);

    internal static async Task<LoadedPage> PostReportAsync(PageSession browser, LoadedPage page, IEnumerable<KeyValuePair<string, string>> changes, params UploadPart[] files)
    {
        var given = changes.ToList();
        var fields = ReportJourney.CurrentValues(page)
            .Where(f => !f.Key.StartsWith(EvidenceUpload.FileField, StringComparison.Ordinal) && given.All(g => g.Key != f.Key))
            .Concat(given);
        using var content = Multipart(fields, files);
        var response = await browser.Client.PostAsync("/report", content);
        return await PageSession.LoadAsync(response, "/report");
    }

    private static MultipartFormDataContent Multipart(IEnumerable<KeyValuePair<string, string>> fields, IEnumerable<UploadPart> files)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        foreach (var file in files)
        {
            var body = new ByteArrayContent(file.Bytes!);
            body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(body, EvidenceUpload.FileField + file.Slot, file.Name);
            if (file.Keep)
            {
                content.Add(new StringContent("yes"), EvidenceUpload.KeepField + file.Slot);
            }
        }

        return content;
    }

    private async Task<byte[]> CaseKeyAsync()
    {
        var grant = await App.WithDatabaseAsync(db => db.KeyGrants.AsNoTracking().SingleAsync(g => g.Holder == KeyHolder.Escrow && g.Purpose == KeyPurpose.CaseContent));
        return CaseGrants.OpenWithPrivateKey(grant, App.Escrow, App.Retention);
    }

    private async Task<byte[]> OpenAsync(byte[] caseKey, EvidenceFile row)
    {
        await using var sealedBlob = File.OpenRead(Path.Combine(App.EvidenceBlobFolder, row.StorageKey[..2], row.StorageKey));
        using var plain = new MemoryStream();
        await FileSealer.OpenAsync(caseKey, sealedBlob, plain, new SealContext(row.CaseId, row.Id, EvidenceFiling.FileField));
        return plain.ToArray();
    }

    private string Keep(byte[] bytes, string extension)
    {
        var path = Path.Combine(App.EvidenceFolder, "opened-" + Guid.NewGuid().ToString("N") + extension);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Published blobs (not counting the pending folder).</summary>
    private int BlobCount() => Directory.Exists(App.EvidenceBlobFolder)
        ? Directory.EnumerateFiles(App.EvidenceBlobFolder, "*", SearchOption.AllDirectories)
            .Count(path => Path.GetFileName(Path.GetDirectoryName(path)) != FileSystemBlobStore.PendingFolder)
        : 0;

    /// <summary>No private folder left under the temp root, and no blob still being written.</summary>
    private void AssertNoReadableCopies()
    {
        Assert.Empty(Directory.Exists(App.EvidenceTempRoot) ? Directory.EnumerateFileSystemEntries(App.EvidenceTempRoot) : []);
        var pending = Path.Combine(App.EvidenceBlobFolder, FileSystemBlobStore.PendingFolder);
        Assert.Empty(Directory.Exists(pending) ? Directory.EnumerateFileSystemEntries(pending) : []);
    }
}
