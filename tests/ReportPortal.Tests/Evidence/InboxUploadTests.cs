using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Evidence;
using ReportPortal.Crypto;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Evidence;

/// <summary>
/// Files sent from the reporter's inbox, through the real form, real mat2 and real PostgreSQL as the
/// reporter role: cleaned, sealed, recorded, and refused with a clear reason when they should be.
/// </summary>
public sealed class InboxUploadTests : ReporterAppTest
{
    [Fact]
    public async Task Gps_camera_and_author_details_are_gone_from_the_cleaned_copies_and_pixels_and_text_are_unchanged()
    {
        var jpeg = EvidenceSamples.JpegWithGpsAndCamera(Path.GetTempPath());
        Assert.Contains("GPSLatitude", EvidenceSamples.Run("exiftool", "-s", Keep(jpeg, ".jpg")), StringComparison.Ordinal);
        var inbox = await SignedInInboxAsync();

        var page = await UploadAsync(inbox,
            new UploadPart(1, "IMG_20261003_231512.jpg", jpeg),
            new UploadPart(2, "Jane notes.pdf", EvidenceSamples.PdfWithAuthor()),
            new UploadPart(3, "statement.docx", EvidenceSamples.DocxWithAuthor()));

        Assert.Equal(3, page.Document.QuerySelectorAll(".rp-upload-result--added").Length);
        Assert.Equal(["Jane notes.pdf", "image.jpg", "statement.docx"], page.Document.QuerySelectorAll(".rp-file-list__name").Select(e => e.TextContent).Order(StringComparer.Ordinal));
        var files = await OpenAllAsync();

        var cleanedJpeg = files["image.jpg"];
        var jpegPath = Keep(cleanedJpeg, ".jpg");
        Assert.Contains("No metadata found", EvidenceSamples.Mat2Show(jpegPath), StringComparison.Ordinal);
        var exif = EvidenceSamples.Run("exiftool", "-s", jpegPath);
        Assert.DoesNotContain("GPS", exif, StringComparison.Ordinal);
        Assert.DoesNotContain("Canon", exif, StringComparison.Ordinal);
        Assert.DoesNotContain("CAM123456", exif, StringComparison.Ordinal);
        Assert.Equal(EvidenceSamples.JpegScan(EvidenceSamples.BaseJpegBytes), EvidenceSamples.JpegScan(cleanedJpeg));

        var pdfPath = Keep(files["Jane notes.pdf"], ".pdf");
        Assert.DoesNotContain("Jane Q Reporter", EvidenceSamples.Mat2Show(pdfPath), StringComparison.Ordinal);
        Assert.DoesNotContain("author", EvidenceSamples.Mat2Show(pdfPath), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(EvidenceSamples.PdfText, EvidenceSamples.PdfTextOf(pdfPath));

        var docx = files["statement.docx"];
        Assert.DoesNotContain("Jane Q Reporter", EvidenceSamples.DocxPropertiesText(docx), StringComparison.Ordinal);
        Assert.Equal(EvidenceSamples.DocxText, EvidenceSamples.DocxBodyText(docx));

        // The received bytes' hash is sealed (evidential integrity) and waits, wrapped, for the internal side to index.
        var rows = await App.WithDatabaseAsync(db => db.EvidenceFiles.AsNoTracking().ToListAsync());
        Assert.All(rows, r => Assert.True(r.MetadataRemoved && r.ContentHashIndex is null && r.HashForIndex is not null && r.OriginalStorageKey is null));
        var caseKey = await CaseKeyAsync();
        var jpegRow = rows.Single(r => EvidenceSetup.Describe(caseKey, r.CaseId, r.Id, r.SealedDescription).Name == "image.jpg");
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(jpeg),
            Sealer.Open(caseKey, jpegRow.SealedContentHash, new SealContext(jpegRow.CaseId, jpegRow.Id, EvidenceFiling.ContentHashField)));
        AssertNoStrays();
    }

    [Fact]
    public async Task Keeping_the_original_seals_it_too_with_its_metadata()
    {
        var jpeg = EvidenceSamples.JpegWithGpsAndCamera(Path.GetTempPath());
        var inbox = await SignedInInboxAsync();

        var page = await UploadAsync(inbox, new UploadPart(1, "party.jpg", jpeg, Keep: true));

        Assert.Contains("original, with its details, is kept", page.Document.QuerySelector(".rp-upload-result--added")!.TextContent, StringComparison.Ordinal);
        var row = await App.WithDatabaseAsync(db => db.EvidenceFiles.AsNoTracking().SingleAsync());
        Assert.NotNull(row.OriginalStorageKey);
        var original = await OpenBlobAsync(row, row.OriginalStorageKey!, EvidenceFiling.OriginalField);
        Assert.Equal(jpeg, original);
        Assert.Contains("No metadata found", EvidenceSamples.Mat2Show(Keep(await OpenBlobAsync(row, row.StorageKey, EvidenceFiling.FileField), ".jpg")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lying_names_polyglots_empty_files_other_zips_and_uncleanable_files_are_refused_and_the_rest_kept()
    {
        var inbox = await SignedInInboxAsync();
        var jpeg = EvidenceSamples.BaseJpegBytes;
        var polyglot = jpeg.Concat(EmptyZip()).ToArray();

        var page = await UploadAsync(inbox,
            new UploadPart(1, "photo.jpg", EvidenceSamples.PdfWithAuthor()),
            new UploadPart(2, "cat.jpg", polyglot),
            new UploadPart(3, "empty.txt", []),
            new UploadPart(4, "archive.zip", ZipOf("notes.txt", "hello")),
            new UploadPart(5, "notes.txt", "Shift rota for the week\n"u8.ToArray()));

        var refused = page.Document.QuerySelectorAll(".rp-upload-result--refused").Select(e => e.TextContent).ToList();
        Assert.Equal(4, refused.Count);
        Assert.Contains(refused, r => r.Contains("photo.jpg is a PDF document but its name ends in .jpg", StringComparison.Ordinal));
        Assert.Contains(refused, r => r.Contains("cat.jpg is not a kind of file we can take. We accept photos", StringComparison.Ordinal));
        Assert.Contains(refused, r => r.Contains("empty.txt is empty", StringComparison.Ordinal));
        Assert.Contains(refused, r => r.Contains("archive.zip is not a kind of file we can take", StringComparison.Ordinal));
        Assert.Equal(["notes.txt"], page.Document.QuerySelectorAll(".rp-file-list__name").Select(e => e.TextContent));

        // WebP: mat2 cannot clean it, so it is refused unless the reporter chooses to keep it as it is.
        var webp = "RIFF\u0024\0\0\0WEBPVP8 "u8.ToArray().Concat(new byte[32]).ToArray();
        page = await UploadAsync(page, new UploadPart(1, "sticker.webp", webp));
        Assert.Contains("cannot remove the hidden details", page.Document.QuerySelector(".rp-upload-result--refused")!.TextContent, StringComparison.Ordinal);
        page = await UploadAsync(page, new UploadPart(1, "sticker.webp", webp, Keep: true));
        Assert.Contains("kept as it is, as you chose", page.Document.QuerySelector(".rp-upload-result--added")!.TextContent, StringComparison.Ordinal);
        var row = await App.WithDatabaseAsync(db => db.EvidenceFiles.AsNoTracking().SingleAsync(f => !f.MetadataRemoved));
        Assert.Null(row.OriginalStorageKey);
        Assert.Equal(2, await App.WithDatabaseAsync(db => db.EvidenceFiles.CountAsync()));
        AssertNoStrays();
    }

    [Fact]
    public async Task The_number_of_files_per_case_is_a_limit_stated_before_upload()
    {
        await using var app = await ReporterApp.StartAsync(new Dictionary<string, string?> { ["ReportPortal:Evidence:MaxFilesPerCase"] = "2" });
        var browser = new PageSession(app.CreateClient());
        var (receipt, _, _) = await ReportJourney.FileAsync(browser, new ReportFields());
        var inbox = await browser.SubmitAsync(await browser.GetAsync("/status"), "status", ("receipt", receipt.Display));
        Assert.Contains("Your report can hold up to 2 files", inbox.Text, StringComparison.Ordinal);
        Assert.Contains("Each file can be up to 512 MB", inbox.Text, StringComparison.Ordinal);

        var page = await UploadAsync(browser, inbox,
            new UploadPart(1, "a.txt", "one\n"u8.ToArray()), new UploadPart(2, "b.txt", "two\n"u8.ToArray()), new UploadPart(3, "c.txt", "three\n"u8.ToArray()));

        Assert.Equal(2, page.Document.QuerySelectorAll(".rp-upload-result--added").Length);
        Assert.Contains("already has 2 files, the most it can hold", page.Document.QuerySelector(".rp-upload-result--refused")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, await app.WithDatabaseAsync(db => db.EvidenceFiles.CountAsync()));
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_and_nothing_of_it_is_kept()
    {
        var inbox = await SignedInInboxAsync();
        const long Limit = 512L * 1024 * 1024;

        var page = await UploadAsync(inbox, new UploadPart(1, "long.mp4", null, Size: Limit + 1), new UploadPart(2, "ok.txt", "fine\n"u8.ToArray()));

        Assert.Contains("long.mp4 is larger than 512 MB", page.Document.QuerySelector(".rp-upload-result--refused")!.TextContent, StringComparison.Ordinal);
        Assert.Single(page.Document.QuerySelectorAll(".rp-upload-result--added"));
        AssertNoStrays();
    }

    [Fact]
    public async Task An_unwritable_temporary_folder_refuses_the_upload_plainly_and_keeps_nothing()
    {
        // The temp root's parent is a file, so the private folder cannot be made (whoever runs the tests, root included).
        var blocker = Path.Combine(Path.GetTempPath(), "rp-blocker-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(blocker, "not a folder");
        try
        {
            await using var app = await ReporterApp.StartAsync(new Dictionary<string, string?> { ["ReportPortal:Evidence:TempRoot"] = Path.Combine(blocker, "tmp") });
            var browser = new PageSession(app.CreateClient());
            var (receipt, _, _) = await ReportJourney.FileAsync(browser, new ReportFields());
            var inbox = await browser.SubmitAsync(await browser.GetAsync("/status"), "status", ("receipt", receipt.Display));

            var page = await UploadAsync(browser, inbox, new UploadPart(1, "a.txt", "one\n"u8.ToArray()));

            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Contains(UploadHandling.UnavailableMessage, page.Document.QuerySelector(".rp-upload-result--refused")!.TextContent, StringComparison.Ordinal);
            Assert.Equal(0, await app.WithDatabaseAsync(db => db.EvidenceFiles.CountAsync()));
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    [Fact]
    public async Task An_upload_without_the_forms_token_is_refused_before_any_file_is_written()
    {
        await SignedInInboxAsync();
        using var content = new MultipartFormDataContent { { new ByteArrayContent("hello\n"u8.ToArray()), "file-1", "a.txt" } };

        var response = await Browser.Client.PostAsync(EvidencePaths.Upload, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await App.WithDatabaseAsync(db => db.EvidenceFiles.CountAsync()));
        AssertNoStrays();
    }

    internal sealed record UploadPart(int Slot, string Name, byte[]? Bytes, bool Keep = false, long Size = 0);

    internal static class EvidencePaths
    {
        public const string Upload = "/status/files";
    }

    private async Task<LoadedPage> SignedInInboxAsync()
    {
        var (receipt, _, _) = await FileAsync(new ReportFields());
        return await SignInAsync(receipt.Display);
    }

    private Task<LoadedPage> UploadAsync(LoadedPage page, params UploadPart[] parts) => UploadAsync(Browser, page, parts);

    internal static async Task<LoadedPage> UploadAsync(PageSession browser, LoadedPage page, params UploadPart[] parts)
    {
        var form = page.Document.QuerySelector($"form[action='{EvidencePaths.Upload}']") ?? throw new InvalidOperationException($"No upload form on {page.Address} ({page.Status}): {page.Text}");
        var token = form.QuerySelector("input[type=hidden]")!;
        using var content = new MultipartFormDataContent { { new StringContent(token.GetAttribute("value")!), token.GetAttribute("name")! } };
        foreach (var part in parts)
        {
            HttpContent body = part.Bytes is { } bytes ? new ByteArrayContent(bytes) : new StreamContent(new ZeroStream(part.Size));
            body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(body, "file-" + part.Slot, part.Name);
            if (part.Keep)
            {
                content.Add(new StringContent("yes"), "keep-" + part.Slot);
            }
        }

        var response = await browser.Client.PostAsync(EvidencePaths.Upload, content);
        return await PageSession.LoadAsync(response, response.RequestMessage!.RequestUri!.PathAndQuery);
    }

    private async Task<byte[]> CaseKeyAsync()
    {
        var grant = await App.WithDatabaseAsync(db => db.KeyGrants.AsNoTracking().SingleAsync(g => g.Holder == KeyHolder.Escrow && g.Purpose == KeyPurpose.CaseContent));
        return CaseGrants.OpenWithPrivateKey(grant, App.Escrow, App.Retention);
    }

    private async Task<byte[]> OpenBlobAsync(EvidenceFile row, string key, string field)
    {
        var caseKey = await CaseKeyAsync();
        await using var sealedBlob = File.OpenRead(Path.Combine(App.EvidenceBlobFolder, key[..2], key));
        using var plain = new MemoryStream();
        await FileSealer.OpenAsync(caseKey, sealedBlob, plain, new SealContext(row.CaseId, row.Id, field));
        return plain.ToArray();
    }

    /// <summary>Every stored file's cleaned copy, by its stored name.</summary>
    private async Task<Dictionary<string, byte[]>> OpenAllAsync()
    {
        var caseKey = await CaseKeyAsync();
        var rows = await App.WithDatabaseAsync(db => db.EvidenceFiles.AsNoTracking().ToListAsync());
        var files = new Dictionary<string, byte[]>();
        foreach (var row in rows)
        {
            files[EvidenceSetup.Describe(caseKey, row.CaseId, row.Id, row.SealedDescription).Name] = await OpenBlobAsync(row, row.StorageKey, EvidenceFiling.FileField);
        }

        return files;
    }

    private string Keep(byte[] bytes, string extension)
    {
        Directory.CreateDirectory(App.EvidenceFolder);
        var path = Path.Combine(App.EvidenceFolder, "opened-" + Guid.NewGuid().ToString("N") + extension);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>No private folder left under the temp root, and no pending blob.</summary>
    private void AssertNoStrays()
    {
        Assert.Empty(Directory.Exists(App.EvidenceTempRoot) ? Directory.EnumerateFileSystemEntries(App.EvidenceTempRoot) : []);
        var pending = Path.Combine(App.EvidenceBlobFolder, FileSystemBlobStore.PendingFolder);
        Assert.Empty(Directory.Exists(pending) ? Directory.EnumerateFileSystemEntries(pending) : []);
    }

    private static byte[] EmptyZip()
    {
        using var buffer = new MemoryStream();
        using (new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
        }

        return buffer.ToArray();
    }

    private static byte[] ZipOf(string name, string text)
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry(name).Open());
            writer.Write(text);
        }

        return buffer.ToArray();
    }

    /// <summary>A stream of zeros of a given length, so a large upload needs no memory or disk on the test's side.</summary>
    private sealed class ZeroStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            Array.Clear(buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
