using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Evidence;
using ReportPortal.Tests.Infrastructure;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Evidence;

/// <summary>
/// Uploads that go wrong part-way leave nothing behind: no readable file under the temp root, no blob,
/// no row, and never a row without its blob.
/// </summary>
public sealed class UploadFailureTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_upload_cut_off_mid_file_or_dropped_by_its_client_leaves_no_temporary_file_blob_or_row(bool reset)
    {
        await using var app = await ReporterApp.StartAsync(kestrel: true);
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = app.BaseAddress };
        var form = await PageSession.LoadAsync(await client.GetAsync("/report"), "/report");
        var token = form.Document.QuerySelector("#report-form input[name='_af']")!.GetAttribute("value")!;
        const string Boundary = "cutoffboundary";
        var head = $"--{Boundary}\r\nContent-Disposition: form-data; name=\"_af\"\r\n\r\n{token}\r\n"
            + $"--{Boundary}\r\nContent-Disposition: form-data; name=\"_handler\"\r\n\r\nreport\r\n"
            + $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file-1\"; filename=\"clip.txt\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        var sent = Encoding.ASCII.GetBytes(head).Concat(Enumerable.Repeat((byte)'a', 512 * 1024)).ToArray();

        using (var socket = new TcpClient())
        {
            await socket.ConnectAsync(IPAddress.Loopback, app.Port);
            var stream = socket.GetStream();
            var request = $"POST /report HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookies.GetCookieHeader(app.BaseAddress)}\r\n" +
                $"Content-Type: multipart/form-data; boundary={Boundary}\r\nContent-Length: {sent.Length + (20 * 1024 * 1024)}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
            await stream.WriteAsync(sent);
            await stream.FlushAsync();
            // The face has begun writing the file into its private folder.
            await WaitUntilAsync(() => Directory.Exists(app.EvidenceTempRoot) && Directory.EnumerateFiles(app.EvidenceTempRoot, "*", SearchOption.AllDirectories).Any());
            if (reset)
            {
                socket.Client.LingerState = new LingerOption(true, 0);
            }
            else
            {
                socket.Client.Shutdown(SocketShutdown.Send);
            }
        }

        await WaitUntilAsync(() => !Directory.EnumerateFileSystemEntries(app.EvidenceTempRoot).Any());
        Assert.Empty(Directory.EnumerateFileSystemEntries(app.EvidenceTempRoot));
        Assert.Empty(Directory.Exists(app.EvidenceBlobFolder) ? Directory.EnumerateFiles(app.EvidenceBlobFolder, "*", SearchOption.AllDirectories) : []);
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.PendingEvidenceFiles.CountAsync()));
        Assert.Equal(0, await app.CaseCountAsync());
    }

    [Fact]
    public async Task A_blob_store_failing_after_one_blob_is_published_leaves_neither_that_blob_nor_a_row()
    {
        await using var app = await ReporterApp.StartAsync();
        var options = app.Services.GetRequiredService<IOptions<EvidenceOptions>>();
        var store = new FailingBlobStore(new FileSystemBlobStore(app.EvidenceBlobFolder), failing: 2);
        await using var db = ReporterApp.Database(PostgresServer.AsRole(app.AdminConnectionString, PostgresServer.TestRoles.ReporterRole));
        var filing = new EvidenceFiling(db, store, new Mat2Cleaner(options), options, app.Clock);
        var pending = new PendingEvidence(db, filing, store, options, app.Clock);
        await using var scratch = PrivateScratch.Create(app.EvidenceTempRoot);
        var path = scratch.NewPath(".bin");
        var bytes = "kept with its original\n"u8.ToArray();
        await File.WriteAllBytesAsync(path, bytes);
        // Keeping the original makes two blobs: the first is published, the second's publish fails.
        var file = new IncomingFile(1, "notes.txt", path, bytes.Length, System.Security.Cryptography.SHA256.HashData(bytes), false) { KeepOriginal = true };

        var (claim, outcomes) = await pending.AddAsync(pending.NewClaim(), [file], scratch, app.Secrets.IntakePublicKey, CancellationToken.None);

        Assert.Equal(1, store.Published);
        Assert.Empty(claim.FileIds);
        Assert.False(Assert.Single(outcomes).Accepted);
        Assert.Empty(Directory.EnumerateFiles(app.EvidenceBlobFolder, "*", SearchOption.AllDirectories));
        Assert.Equal(0, await app.WithDatabaseAsync(d => d.PendingEvidenceFiles.CountAsync()));
    }

    [Fact]
    public async Task From_the_inbox_a_blob_store_failing_between_two_publishes_keeps_the_files_before_it_and_says_which_were_not_kept()
    {
        // The first file is one blob; the second keeps its original, and its second publish (the third in all) fails.
        await using var app = await ReporterApp.StartAsync(services: FailingBlobStore.InPlaceOf(3));
        var browser = new PageSession(app.CreateClient());
        var (receipt, _, _) = await ReportJourney.FileAsync(browser, new ReportFields());
        var inbox = await browser.SubmitAsync(await browser.GetAsync("/status"), "status", ("receipt", receipt.Display));

        var page = await InboxUploadTests.UploadAsync(browser, inbox,
            new InboxUploadTests.UploadPart(1, "first.txt", "one\n"u8.ToArray()),
            new InboxUploadTests.UploadPart(2, "second.txt", "two\n"u8.ToArray(), Keep: true),
            new InboxUploadTests.UploadPart(3, "third.txt", "three\n"u8.ToArray()));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("first.txt was added", page.Document.QuerySelector(".rp-upload-result--added")!.TextContent, StringComparison.Ordinal);
        var refused = page.Document.QuerySelectorAll(".rp-upload-result--refused").Select(e => e.TextContent).ToList();
        Assert.Equal(2, refused.Count);
        Assert.Contains("We could not store second.txt just now, so nothing of it was kept", refused[0], StringComparison.Ordinal);
        Assert.Contains("third.txt", refused[1], StringComparison.Ordinal);
        Assert.Equal(["first.txt"], page.Document.QuerySelectorAll(".rp-file-list__name").Select(e => e.TextContent));
        var row = await app.WithDatabaseAsync(db => db.EvidenceFiles.AsNoTracking().SingleAsync());
        Assert.Equal([Path.Combine(app.EvidenceBlobFolder, row.StorageKey[..2], row.StorageKey)], Directory.EnumerateFiles(app.EvidenceBlobFolder, "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFileSystemEntries(app.EvidenceTempRoot));
    }

    [Fact]
    public async Task From_the_case_page_a_blob_store_failing_between_two_publishes_leaves_no_row_or_blob_and_tells_the_handler()
    {
        // The document keeps its original: two publishes, and the second fails.
        await using var app = await ReporterApp.StartAsync();
        await using var staff = new StaffApp(app) { ExtraServices = FailingBlobStore.InPlaceOf(2) };
        var alice = await app.AddStaffAsync("alice", "4001");
        await ReportJourney.FileAsync(new PageSession(app.CreateClient()), new ReportFields());
        await app.RunIntakeAsync();
        var handler = await staff.SignInAsync(alice);
        var caseId = await app.WithDatabaseAsync(db => db.Cases.Select(c => c.Id).SingleAsync());
        var page = await handler.GetAsync($"/staff/cases/{caseId}");
        var form = page.Document.QuerySelector("form[enctype='multipart/form-data']")!;
        var token = form.QuerySelector("input[type=hidden]")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token.GetAttribute("value")!), token.GetAttribute("name")! },
            { new ByteArrayContent("Duty roster, nights\n"u8.ToArray()), "file-1", "roster.txt" },
            { new StringContent("yes"), "keep-1" },
        };

        var response = await handler.Client.PostAsync(form.GetAttribute("action"), content);
        var posted = await PageSession.LoadAsync(response, "/");

        Assert.Equal(HttpStatusCode.OK, posted.Status);
        Assert.Contains("We could not store roster.txt just now, so nothing of it was kept", posted.Text, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.EvidenceFiles.CountAsync()));
        Assert.Empty(Directory.Exists(app.EvidenceBlobFolder) ? Directory.EnumerateFiles(app.EvidenceBlobFolder, "*", SearchOption.AllDirectories) : []);
        Assert.Empty(Directory.EnumerateFileSystemEntries(app.EvidenceTempRoot));
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.EvidenceAdded)));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }
    }
}
