using System.Net;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Staff;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Evidence;

/// <summary>Handlers list, preview, download and attach files on the case page; every download is audited, and a tampered blob sends nothing.</summary>
public sealed class CaseFilesTests : StaffAppTest
{
    [Fact]
    public async Task A_handler_downloads_the_cleaned_copy_as_an_attachment_previews_images_and_each_download_is_audited()
    {
        var alice = await AddStaffAsync("alice", "4001");
        var (receipt, _, _) = await FileAsync(new ReportFields());
        var inbox = await SignInAsync(receipt.Display);
        await InboxUploadTests.UploadAsync(Browser, inbox, new InboxUploadTests.UploadPart(1, "chat.jpg", EvidenceSamples.JpegWithGpsAndCamera(Path.GetTempPath()), Keep: true));
        await App.RunIntakeAsync();
        var handler = await Session(alice);
        var caseId = await App.WithDatabaseAsync(db => db.Cases.Select(c => c.Id).SingleAsync());

        var page = await handler.GetAsync($"/staff/cases/{caseId}");
        var link = page.Document.QuerySelector("#case-files a.rp-file-list__name")!;
        Assert.Equal("chat.jpg", link.TextContent);
        Assert.NotNull(page.Document.QuerySelector("#case-files img.rp-file-list__preview"));

        var download = await handler.Client.GetAsync(link.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("application/octet-stream", download.Content.Headers.ContentType!.MediaType);
        var cleaned = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(EvidenceSamples.JpegScan(EvidenceSamples.BaseJpegBytes), EvidenceSamples.JpegScan(cleaned));

        var preview = await handler.Client.GetAsync(page.Document.QuerySelector("#case-files img")!.GetAttribute("src"));
        Assert.Equal("inline", preview.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("image/jpeg", preview.Content.Headers.ContentType!.MediaType);
        var original = await handler.Client.GetAsync(page.Document.QuerySelector("#case-files a.rp-file-list__original")!.GetAttribute("href"));
        var originalBytes = await original.Content.ReadAsByteArrayAsync();
        Assert.True(originalBytes.AsSpan().IndexOf("CAM123456"u8) >= 0, "the kept original has lost its camera details");

        var audited = await App.WithDatabaseAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.EvidenceDownloaded && e.StaffMemberId == alice.Id));
        Assert.Equal(3, audited);
    }

    [Fact]
    public async Task A_tampered_blob_sends_no_byte_and_says_so()
    {
        var alice = await AddStaffAsync("alice", "4001");
        var (receipt, _, _) = await FileAsync(new ReportFields());
        var inbox = await SignInAsync(receipt.Display);
        await InboxUploadTests.UploadAsync(Browser, inbox, new InboxUploadTests.UploadPart(1, "notes.txt", "line one\n"u8.ToArray()));
        await App.RunIntakeAsync();
        var row = await App.WithDatabaseAsync(db => db.EvidenceFiles.AsNoTracking().SingleAsync());
        var blob = Path.Combine(App.EvidenceBlobFolder, row.StorageKey[..2], row.StorageKey);
        var bytes = await File.ReadAllBytesAsync(blob);
        bytes[20] ^= 1;
        await File.WriteAllBytesAsync(blob, bytes);

        var response = await (await Session(alice)).Client.GetAsync($"/staff/cases/{row.CaseId}/files/{row.Id}/file");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("failed its integrity check", body, StringComparison.Ordinal);
        Assert.DoesNotContain("line one", body, StringComparison.Ordinal);
        Assert.Equal(1, await App.WithDatabaseAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.EvidenceIntegrityFailed)));
    }

    [Fact]
    public async Task A_handler_attaches_a_document_and_someone_without_a_grant_gets_not_found()
    {
        var alice = await AddStaffAsync("alice", "4001");
        var bob = await AddStaffAsync("bob", "4002", intake: false);
        await FileAsync(new ReportFields());
        await App.RunIntakeAsync();
        var handler = await Session(alice);
        var caseId = await App.WithDatabaseAsync(db => db.Cases.Select(c => c.Id).SingleAsync());
        var page = await handler.GetAsync($"/staff/cases/{caseId}");

        var posted = await AttachAsync(handler, page, "Duty roster.pdf", EvidenceSamples.PdfWithAuthor());

        Assert.Contains("Duty roster.pdf was added", posted.Text, StringComparison.Ordinal);
        var row = await App.WithDatabaseAsync(db => db.EvidenceFiles.AsNoTracking().SingleAsync());
        Assert.Equal(alice.Id, row.AddedByStaffMemberId);
        Assert.NotNull(row.ContentHashIndex);
        Assert.Null(row.HashForIndex);
        var denied = await (await Session(bob)).Client.GetAsync($"/staff/cases/{caseId}/files/{row.Id}/file");
        Assert.Equal(HttpStatusCode.NotFound, denied.StatusCode);
    }

    [Fact]
    public async Task Twelve_concurrent_notes_and_uploads_on_a_case_page_all_land_with_no_server_error()
    {
        var alice = await AddStaffAsync("alice", "4001");
        var (receipt, _, _) = await FileAsync(new ReportFields());
        var inbox = await SignInAsync(receipt.Display);
        await InboxUploadTests.UploadAsync(Browser, inbox, new InboxUploadTests.UploadPart(1, "notes.txt", "line one\n"u8.ToArray()));
        await App.RunIntakeAsync();
        var handler = await Session(alice);
        var caseId = await App.WithDatabaseAsync(db => db.Cases.Select(c => c.Id).SingleAsync());
        var page = await handler.GetAsync($"/staff/cases/{caseId}");

        // Notes are saved in a transaction by the page's own handler while the files section loads beside it.
        var posts = await Task.WhenAll(Enumerable.Range(1, 12).Select(i => i % 2 == 0
            ? handler.SubmitAsync(page, "note", ("text", $"Note number {i}"))
            : AttachAsync(handler, page, $"Roster {i}.txt")));

        Assert.True(posts.All(p => p.Status == HttpStatusCode.OK), string.Join(",", posts.Select(p => (int)p.Status)) + "\n" + Staff.Logs.Text);
        Assert.All(posts, p => Assert.Contains("notes.txt", p.Document.QuerySelector("#case-files")?.TextContent ?? string.Empty, StringComparison.Ordinal));
        Assert.Equal(6, await App.WithDatabaseAsync(db => db.CaseNotes.CountAsync()));
        Assert.Equal(7, await App.WithDatabaseAsync(db => db.EvidenceFiles.CountAsync()));
        var latest = await handler.GetAsync($"/staff/cases/{caseId}");
        Assert.Equal(7, latest.Document.QuerySelectorAll("#case-files a.rp-file-list__name").Length);
    }

    private static async Task<LoadedPage> AttachAsync(PageSession handler, LoadedPage page, string name, byte[]? bytes = null)
    {
        var form = page.Document.QuerySelector("form[enctype='multipart/form-data']")!;
        var token = form.QuerySelector("input[type=hidden]")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token.GetAttribute("value")!), token.GetAttribute("name")! },
            { new ByteArrayContent(bytes ?? System.Text.Encoding.UTF8.GetBytes($"Rota kept as {name}\n")), "file-1", name },
        };
        return await PageSession.LoadAsync(await handler.Client.PostAsync(form.GetAttribute("action"), content), "/");
    }

    private Task<PageSession> Session(StaffMember member) => Staff.SignInAsync(member);

    private Task<StaffMember> AddStaffAsync(string name, string staffNumber, bool intake = true) => App.AddStaffAsync(name, staffNumber, intake);
}
