using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace ReportPortal.Bench;

/// <summary>Runs every path against the same sample and prints the table.</summary>
public static class Orchestra
{
    /// <summary>Issue 10's targets: at least this share of raw AES-GCM's throughput, under this much growth.</summary>
    private const double ThroughputTarget = 0.30;
    private const long GrowthTarget = 100L << 20;

    private sealed record Row(string Path, double Seconds, long GrowthBytes, string? Server = null);

    public static async Task<int> RunAsync(string folder)
    {
        Directory.CreateDirectory(folder);
        Console.WriteLine($"Making or reusing the sample in {folder} ...");
        var sample = SampleVideo.Ensure(folder);
        var size = new FileInfo(sample).Length;
        var work = Path.Combine(folder, "work");
        Directory.CreateDirectory(work);

        var rows = new List<Row>
        {
            await PhaseAsync("Raw AES-256-GCM, 64 KiB chunks (baseline)", SealingPhases.Raw, sample, work),
            await PhaseAsync("Sealing alone (FileSealer into the blob store)", SealingPhases.Seal, sample, work),
            await UploadAsync("Upload over HTTP, sealed (no cleaning)", sample, work, clean: false),
            await UploadAsync("Upload over HTTP, mat2 cleaning, sealed (whole path)", sample, work, clean: true),
        };

        Print(rows, size);
        var raw = rows[0];
        var failed = rows.Skip(1).Where(r => Throughput(size, r) < ThroughputTarget * Throughput(size, raw) || r.GrowthBytes >= GrowthTarget).ToList();
        Console.WriteLine(failed.Count == 0 ? "Every path meets its target." : $"{failed.Count} path(s) miss a target.");
        return failed.Count == 0 ? 0 : 1;
    }

    private static async Task<Row> PhaseAsync(string name, string phase, string sample, string work)
    {
        Console.WriteLine($"Running: {name} ...");
        using var child = Start("phase", phase, sample, work);
        var result = await ReadResultAsync(child);
        return new Row(name, result.Seconds, result.GrowthBytes);
    }

    private static async Task<Row> UploadAsync(string name, string sample, string work, bool clean)
    {
        Console.WriteLine($"Running: {name} ...");
        using var server = Start("serve", work, clean ? "clean" : "plain");
        try
        {
            var url = await ReadListeningAsync(server);
            using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromHours(1) };
            // Warm up on a small real video so the measured upload is not paying for the JIT.
            var warmUp = Path.Combine(work, "warm-up.mp4");
            await CopyPrefixVideoAsync(sample, warmUp);
            await PostAsync(client, warmUp);
            File.Delete(warmUp);

            (await client.PostAsync("/reset", null)).EnsureSuccessStatusCode();
            var clock = Stopwatch.StartNew();
            var stages = await PostAsync(client, sample);
            clock.Stop();
            var growth = long.Parse(await client.GetStringAsync("/peak"), CultureInfo.InvariantCulture);
            return new Row(name, clock.Elapsed.TotalSeconds, growth, stages);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    /// <summary>Posts the file as the upload form's first file; returns the server's account of its stages.</summary>
    private static async Task<string> PostAsync(HttpClient client, string path)
    {
        await using var file = SealingPhases.OpenRead(path);
        using var content = new MultipartFormDataContent();
        var part = new StreamContent(file, 65536);
        part.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        content.Add(part, Core.Evidence.EvidenceUpload.FileField + "1", "clip.mp4");
        using var response = await client.PostAsync("/upload", content);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The upload failed: {(int)response.StatusCode} {body}");
        }

        return body;
    }

    /// <summary>A small valid MP4 for warming up: the first few frames of the sample, by stream copy.</summary>
    private static async Task CopyPrefixVideoAsync(string sample, string target)
    {
        var start = new ProcessStartInfo("ffmpeg") { UseShellExecute = false };
        foreach (var argument in (string[])["-v", "error", "-y", "-i", sample, "-frames:v", "20", "-c", "copy", target])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
    }

    private static Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false, RedirectStandardOutput = true };
        var entry = typeof(Orchestra).Assembly.Location;
        if (!Path.GetFileNameWithoutExtension(Environment.ProcessPath!).Equals("ReportPortal.Bench", StringComparison.Ordinal))
        {
            // Run as "dotnet ReportPortal.Bench.dll": the children need the dll named again.
            start.ArgumentList.Add(entry);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("The child could not be started.");
    }

    private static async Task<(double Seconds, long GrowthBytes)> ReadResultAsync(Process child)
    {
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            if (Result.Parse(line) is { } result)
            {
                await child.WaitForExitAsync();
                return result;
            }
        }

        throw new InvalidOperationException("A benchmark phase ended without a result.");
    }

    private static async Task<string> ReadListeningAsync(Process server)
    {
        while (await server.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(UploadServer.ListeningPrefix, StringComparison.Ordinal))
            {
                return line[UploadServer.ListeningPrefix.Length..];
            }
        }

        throw new InvalidOperationException("The upload server ended before it listened.");
    }

    private static double Throughput(long size, Row row) => size / row.Seconds;

    private static void Print(List<Row> rows, long size)
    {
        var raw = Throughput(size, rows[0]);
        Console.WriteLine();
        Console.WriteLine(FormattableString.Invariant($"Sample: MP4 video (MPEG-4 Part 2, random frames), {size / (1024.0 * 1024):F0} MiB; {Environment.ProcessorCount} cores; {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}"));
        Console.WriteLine();
        Console.WriteLine("| Path | Seconds | MiB/s | Share of raw AES-GCM (target >= 30%) | Peak memory growth, MiB (target < 100) |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            var throughput = Throughput(size, row);
            Console.WriteLine(FormattableString.Invariant(
                $"| {row.Path} | {row.Seconds:F1} | {throughput / (1024 * 1024):F0} | {throughput / raw:P0} | {row.GrowthBytes / (1024.0 * 1024):F1} |"));
        }

        Console.WriteLine();
        foreach (var row in rows.Where(r => r.Server is not null))
        {
            Console.WriteLine($"{row.Path}: server {row.Server}.");
        }

        Console.WriteLine();
    }
}
