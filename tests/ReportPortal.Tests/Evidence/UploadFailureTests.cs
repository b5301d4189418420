using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
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
        var store = new PublishFailsSecondTime(new FileSystemBlobStore(app.EvidenceBlobFolder));
        await using var db = ReporterApp.Database(PostgresServer.AsRole(app.AdminConnectionString, PostgresServer.TestRoles.ReporterRole));
        var filing = new EvidenceFiling(db, store, new Mat2Cleaner(options), options, app.Clock);
        var pending = new PendingEvidence(db, filing, store, options, app.Clock);
        await using var scratch = PrivateScratch.Create(app.EvidenceTempRoot);
        var path = scratch.NewPath(".bin");
        var bytes = "kept with its original\n"u8.ToArray();
        await File.WriteAllBytesAsync(path, bytes);
        // Keeping the original makes two blobs: the first is published, the second's publish fails.
        var file = new IncomingFile(1, "notes.txt", path, bytes.Length, System.Security.Cryptography.SHA256.HashData(bytes), false) { KeepOriginal = true };

        await Assert.ThrowsAsync<IOException>(() => pending.AddAsync(pending.NewClaim(), [file], scratch, app.Secrets.IntakePublicKey, CancellationToken.None));

        Assert.Equal(1, store.Published);
        Assert.Empty(Directory.EnumerateFiles(app.EvidenceBlobFolder, "*", SearchOption.AllDirectories));
        Assert.Equal(0, await app.WithDatabaseAsync(d => d.PendingEvidenceFiles.CountAsync()));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }
    }

    /// <summary>The real store, except that the second publish fails: a store that breaks between publishing one blob and committing the row.</summary>
    private sealed class PublishFailsSecondTime(IEvidenceBlobStore inner) : IEvidenceBlobStore
    {
        public int Published { get; private set; }

        public async Task<IPendingBlob> CreateAsync(CancellationToken cancellationToken) => new Blob(this, await inner.CreateAsync(cancellationToken));

        public Stream OpenRead(string key) => inner.OpenRead(key);

        public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

        public IAsyncEnumerable<StoredBlob> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

        public Task RemoveAsync(StoredBlob blob, CancellationToken cancellationToken) => inner.RemoveAsync(blob, cancellationToken);

        private sealed class Blob(PublishFailsSecondTime store, IPendingBlob inner) : IPendingBlob
        {
            public string Key => inner.Key;

            public Stream Content => inner.Content;

            public long Length => inner.Length;

            public async Task PublishAsync(CancellationToken cancellationToken)
            {
                if (store.Published == 1)
                {
                    throw new IOException("The blob store failed.");
                }

                await inner.PublishAsync(cancellationToken);
                store.Published++;
            }

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
