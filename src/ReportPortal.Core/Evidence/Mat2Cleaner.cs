using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace ReportPortal.Core.Evidence;

/// <summary>
/// Removes metadata with Debian's mat2, run as a child process on a file in the upload's private folder.
/// Arguments go through ArgumentList (never a shell), and the file always has our own neutral name, so
/// nothing the reporter sent reaches a command line. <c>--lightweight</c> removes metadata without
/// re-encoding: a JPEG keeps its exact image data and a PDF its text (the deep mode re-renders PDF pages
/// as pictures and re-compresses photos, which would alter evidence).
/// </summary>
public sealed class Mat2Cleaner(IOptions<EvidenceOptions> options)
{
    /// <summary>The cleaned copy's path, or null when mat2 could not clean the file (or took too long).</summary>
    public async Task<string?> CleanAsync(string path, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(options.Value.Mat2Path)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(path)!,
        };
        start.ArgumentList.Add("--lightweight");
        start.ArgumentList.Add("--");
        start.ArgumentList.Add(path);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("mat2 could not be started.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.CleaningTimeoutSeconds));
        try
        {
            // Read both pipes so a chatty mat2 never blocks on a full one; what it says is not kept (it names files).
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            await Task.WhenAll(output, errors);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            return null;
        }

        var cleaned = Path.Combine(Path.GetDirectoryName(path)!, Path.GetFileNameWithoutExtension(path) + ".cleaned" + Path.GetExtension(path));
        return process.ExitCode == 0 && File.Exists(cleaned) ? cleaned : null;
    }

    /// <summary>Whether mat2 is there and runs; the service refuses to take files without it.</summary>
    public bool IsAvailable() => File.Exists(options.Value.Mat2Path);
}
