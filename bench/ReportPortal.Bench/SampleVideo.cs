using System.Diagnostics;

namespace ReportPortal.Bench;

/// <summary>
/// The file the benchmark uploads: an MP4 video (MPEG-4 Part 2 of random grey frames, so it does not
/// compress and every byte is real payload) of at least 1 GiB, made with ffmpeg once and reused: a short
/// clip is encoded, then looped into the big file by stream copy.
/// </summary>
public static class SampleVideo
{
    public const long TargetBytes = 1L << 30;

    public static string Ensure(string folder)
    {
        var path = Path.Combine(folder, "sample-1gib.mp4");
        if (File.Exists(path) && new FileInfo(path).Length >= TargetBytes)
        {
            return path;
        }

        var clip = Path.Combine(folder, "clip.mp4");
        Run("-f", "rawvideo", "-pix_fmt", "gray", "-s", "640x480", "-r", "25", "-i", "/dev/urandom",
            "-frames:v", "320", "-c:v", "mpeg4", "-q:v", "1", clip);
        var loops = (int)Math.Ceiling((double)TargetBytes / new FileInfo(clip).Length);
        Run("-stream_loop", (loops - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "-i", clip, "-c", "copy", path);
        File.Delete(clip);
        if (new FileInfo(path).Length < TargetBytes)
        {
            throw new InvalidOperationException("ffmpeg made a sample smaller than 1 GiB.");
        }

        return path;
    }

    private static void Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { UseShellExecute = false };
        foreach (var argument in (string[])["-v", "error", "-y", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg could not be started.");
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg failed with exit code {process.ExitCode}.");
        }
    }
}
