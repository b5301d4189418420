using System.Globalization;

namespace ReportPortal.Tests.Infrastructure;

/// <summary>Finds the server tools of the newest PostgreSQL installed the Debian way.</summary>
internal static class PostgresBinaries
{
    private const string DebianRoot = "/usr/lib/postgresql";

    /// <summary>The newest <c>/usr/lib/postgresql/&lt;version&gt;/bin</c> holding initdb, or null.</summary>
    public static string? FindNewest()
    {
        if (!Directory.Exists(DebianRoot))
        {
            return null;
        }

        return Directory.EnumerateDirectories(DebianRoot)
            .Select(versionDirectory => (
                Version: MajorVersion(Path.GetFileName(versionDirectory)),
                Bin: Path.Combine(versionDirectory, "bin")))
            .Where(candidate => candidate.Version is not null && File.Exists(Path.Combine(candidate.Bin, "initdb")))
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => candidate.Bin)
            .FirstOrDefault();
    }

    // Folder names are "15", "16" (or "9.6" long ago): compare them as numbers, not text.
    private static decimal? MajorVersion(string folderName) =>
        decimal.TryParse(folderName, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var version)
            ? version
            : null;
}
