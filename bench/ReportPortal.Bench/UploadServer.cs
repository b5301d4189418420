using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using ReportPortal.Core.Evidence;
using ReportPortal.Crypto;

namespace ReportPortal.Bench;

/// <summary>
/// A Kestrel server (a child process) that takes an upload the way the faces do: the multipart body is
/// streamed into a private 0700 folder while its SHA-256 is taken (EvidenceUpload), the kind is decided
/// by content (ContentSniffer), optionally cleaned by mat2 --lightweight (Mat2Cleaner), sealed in 64 KiB
/// chunks into the blob store (FileSealer) and published, and the private folder removed. Only the
/// database row (a few hundred bytes) and the antiforgery check are left out, so no PostgreSQL is needed.
/// /reset and /peak let the parent read this process's peak memory growth around one upload.
/// </summary>
public static class UploadServer
{
    public const string ListeningPrefix = "LISTENING ";

    public static async Task<int> RunAsync(string work, bool clean)
    {
        var options = new EvidenceOptions
        {
            MaxFileBytes = 4L << 30,
            BlobFolder = Path.Combine(work, "blobs"),
            TempRoot = Path.Combine(work, "temp"),
        };
        Directory.CreateDirectory(options.TempRoot);
        var store = new FileSystemBlobStore(options.BlobFolder);
        var cleaner = new Mat2Cleaner(Options.Create(options));
        long baseline = 0;

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/reset", () =>
        {
            GC.Collect();
            baseline = PeakMemory.ResetPeak(Environment.ProcessId);
            return Results.Ok();
        });
        app.MapGet("/peak", () => Results.Text((PeakMemory.Peak(Environment.ProcessId) - baseline).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        app.MapPost("/upload", async (HttpContext context) =>
        {
            context.Features.Get<IHttpMaxRequestBodySizeFeature>()!.MaxRequestBodySize = null;
            var stages = System.Diagnostics.Stopwatch.StartNew();
            await using var scratch = PrivateScratch.Create(options.TempRoot);
            var upload = await EvidenceUpload.ReadAsync(context.Request, scratch, options, _ => Task.FromResult(true), context.RequestAborted);
            var file = upload?.Files.SingleOrDefault() ?? throw new InvalidOperationException("No file arrived.");
            var kind = await ContentSniffer.SniffAsync(file.Path, context.RequestAborted) ?? throw new InvalidOperationException("Not a file kind the service takes.");
            var receivedAfter = stages.Elapsed.TotalSeconds;
            var received = scratch.NewPath(kind.Extension);
            File.Move(file.Path, received);
            var sealedFrom = clean
                ? await cleaner.CleanAsync(received, context.RequestAborted) ?? throw new InvalidOperationException("mat2 could not clean the sample.")
                : received;
            var cleanedAfter = stages.Elapsed.TotalSeconds;
            var key = RandomNumberGenerator.GetBytes(32);
            await using var blob = await store.CreateAsync(context.RequestAborted);
            await using (var source = SealingPhases.OpenRead(sealedFrom))
            {
                await FileSealer.SealAsync(key, source, blob.Content, new SealContext(Guid.NewGuid(), Guid.NewGuid(), EvidenceFiling.FileField), context.RequestAborted);
            }

            await blob.Content.FlushAsync(context.RequestAborted);
            var length = blob.Length;
            await blob.PublishAsync(context.RequestAborted);
            await store.DeleteAsync(blob.Key, CancellationToken.None);
            return Results.Text(FormattableString.Invariant(
                $"received and hashed {receivedAfter:F1} s, cleaned {cleanedAfter - receivedAfter:F1} s, sealed {stages.Elapsed.TotalSeconds - cleanedAfter:F1} s ({kind.Name}, {length} sealed bytes)"));
        });

        await app.StartAsync();
        Console.WriteLine(ListeningPrefix + app.Urls.First());
        await app.WaitForShutdownAsync();
        return 0;
    }
}
