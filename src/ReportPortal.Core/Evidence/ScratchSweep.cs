using Microsoft.Extensions.Options;

namespace ReportPortal.Core.Evidence;

/// <summary>
/// Removes upload folders (<see cref="PrivateScratch"/>) that a killed process left under the temp root: the
/// only place readable copies of files ever are, which a request removes when it ends but a killed process
/// cannot. A folder goes when two passes at least <see cref="EvidenceOptions.OrphanGraceMinutes"/> apart found
/// it unchanged (files, sizes and times); a folder an upload is using changes as the file arrives and is
/// cleaned, and no upload sits an hour without writing. Each face runs it beside its own sweep.
/// </summary>
public sealed class ScratchSweep(IOptions<EvidenceOptions> options, TimeProvider time)
{
    private readonly Sightings<string, ScratchState> _seen = new();
    private readonly Lock _one = new();

    /// <summary>One pass; returns how many folders were removed.</summary>
    public int Pass()
    {
        lock (_one)
        {
            var root = options.Value.TempRoot;
            var seen = new List<(string, ScratchState)>();
            foreach (var folder in Directory.Exists(root) ? PrivateScratch.Folders(root) : [])
            {
                if (StateOf(folder) is { } state)
                {
                    seen.Add((folder, state));
                }
            }

            var due = _seen.Pass(seen, time.GetUtcNow(), TimeSpan.FromMinutes(options.Value.OrphanGraceMinutes));
            foreach (var folder in due.Where(Directory.Exists))
            {
                Directory.Delete(folder, recursive: true);
            }

            return due.Count;
        }
    }

    /// <summary>Null for a folder that went while it was being looked at.</summary>
    private static ScratchState? StateOf(string folder)
    {
        try
        {
            var files = new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).ToList();
            return new ScratchState(files.Count, files.Sum(f => f.Length),
                files.Select(f => f.LastWriteTimeUtc).Append(Directory.GetLastWriteTimeUtc(folder)).Max());
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    private sealed record ScratchState(int Files, long Bytes, DateTime LastWritten);
}
