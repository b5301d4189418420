namespace ReportPortal.Core.Evidence;

/// <summary>
/// One upload's private folder under the configured temp root (mode 0700, a random name), the only place
/// a readable file ever is. Disposing removes it with everything in it, whether the upload succeeded,
/// failed or was cancelled; callers dispose in a finally (await using).
/// </summary>
public sealed class PrivateScratch : IAsyncDisposable
{
    private int _next;

    private PrivateScratch(string folder) => Folder = folder;

    public string Folder { get; }

    private const string Prefix = "rp-";

    public static PrivateScratch Create(string tempRoot)
    {
        Directory.CreateDirectory(tempRoot);
        var folder = Path.Combine(tempRoot, Prefix + Guid.NewGuid().ToString("N"));
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return new PrivateScratch(folder);
    }

    /// <summary>Every upload folder under <paramref name="tempRoot"/> (named as this class names them; nothing else).</summary>
    public static List<string> Folders(string tempRoot) =>
        [.. Directory.EnumerateDirectories(tempRoot, Prefix + "*").Where(f => Guid.TryParseExact(Path.GetFileName(f)[Prefix.Length..], "N", out _))];

    /// <summary>A fresh path in the folder, with a neutral name and the given extension (mat2 picks its parser by extension).</summary>
    public string NewPath(string extension) => Path.Combine(Folder, $"f{Interlocked.Increment(ref _next)}{extension}");

    public ValueTask DisposeAsync()
    {
        try
        {
            if (Directory.Exists(Folder))
            {
                Directory.Delete(Folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A child process that outlived its kill may still hold a file: try once more after it lets go.
            Thread.Sleep(200);
            Directory.Delete(Folder, recursive: true);
        }

        return ValueTask.CompletedTask;
    }
}
