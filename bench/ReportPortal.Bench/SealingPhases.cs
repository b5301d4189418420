using System.Diagnostics;
using System.Security.Cryptography;
using ReportPortal.Core.Evidence;
using ReportPortal.Crypto;

namespace ReportPortal.Bench;

/// <summary>
/// The two in-process phases, each run in a child process of its own so its memory is its own: raw
/// AES-256-GCM over 64 KiB chunks (read, encrypt, write: the floor anything sealing can reach on this
/// machine), and the service's sealing path alone (FileSealer into the blob store, published).
/// </summary>
public static class SealingPhases
{
    public const string Raw = "raw";
    public const string Seal = "seal";

    public static async Task<int> RunAsync(string phase, string input, string work)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var store = new FileSystemBlobStore(Path.Combine(work, "blobs"));
        Func<string, Task> run = phase switch
        {
            Raw => path => RawGcmAsync(key, path, Path.Combine(work, "raw.out")),
            Seal => path => SealAsync(key, path, store),
            _ => throw new ArgumentException($"Unknown phase {phase}.", nameof(phase)),
        };

        // Warm up on a small file so the measured run is not paying for the JIT.
        var warmUp = Path.Combine(work, "warm-up.bin");
        await File.WriteAllBytesAsync(warmUp, RandomNumberGenerator.GetBytes(4 << 20));
        await run(warmUp);
        File.Delete(warmUp);

        var baseline = PeakMemory.ResetPeak(Environment.ProcessId);
        var clock = Stopwatch.StartNew();
        await run(input);
        clock.Stop();
        var growth = PeakMemory.Peak(Environment.ProcessId) - baseline;
        Console.WriteLine(Result.Format(clock.Elapsed.TotalSeconds, growth));
        return 0;
    }

    private static async Task RawGcmAsync(byte[] key, string input, string output)
    {
        using var aes = new AesGcm(key, 16);
        var plain = new byte[FileSealer.ChunkSize];
        var cipher = new byte[FileSealer.ChunkSize];
        var tag = new byte[16];
        var nonce = new byte[12];
        RandomNumberGenerator.Fill(nonce.AsSpan(0, 8));
        await using (var source = OpenRead(input))
        await using (var sink = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 65536, FileOptions.Asynchronous))
        {
            uint index = 0;
            int read;
            while ((read = await source.ReadAtLeastAsync(plain, plain.Length, throwOnEndOfStream: false)) > 0)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(nonce.AsSpan(8), index++);
                aes.Encrypt(nonce, plain.AsSpan(0, read), cipher.AsSpan(0, read), tag);
                await sink.WriteAsync(cipher.AsMemory(0, read));
                await sink.WriteAsync(tag);
            }
        }

        File.Delete(output);
    }

    private static async Task SealAsync(byte[] key, string input, FileSystemBlobStore store)
    {
        var fileId = Guid.NewGuid();
        await using var blob = await store.CreateAsync(CancellationToken.None);
        await using (var source = OpenRead(input))
        {
            await FileSealer.SealAsync(key, source, blob.Content, new SealContext(Guid.NewGuid(), fileId, EvidenceFiling.FileField));
        }

        await blob.Content.FlushAsync();
        await blob.PublishAsync(CancellationToken.None);
        await store.DeleteAsync(blob.Key, CancellationToken.None);
    }

    public static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 65536, FileOptions.Asynchronous | FileOptions.SequentialScan);
}

/// <summary>How a child reports back to the parent: one line, seconds and bytes of peak growth.</summary>
public static class Result
{
    private const string Prefix = "RESULT ";

    public static string Format(double seconds, long growthBytes) =>
        FormattableString.Invariant($"{Prefix}{seconds:R} {growthBytes}");

    public static (double Seconds, long GrowthBytes)? Parse(string? line)
    {
        if (line is null || !line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = line[Prefix.Length..].Split(' ');
        return (double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
