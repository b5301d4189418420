namespace ReportPortal.Tests.Infrastructure;

/// <summary>Files of the checkout the tests were built from (documents, deploy templates).</summary>
public static class RepositoryFolder
{
    /// <summary>The full path of <paramref name="parts"/> under the folder that holds ReportPortal.sln.</summary>
    public static string File(params string[] parts)
    {
        // Tests run from bin/<configuration>/<framework>: walk up to the folder that holds ReportPortal.sln.
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !System.IO.File.Exists(Path.Combine(folder.FullName, "ReportPortal.sln")))
        {
            folder = folder.Parent;
        }

        return folder is null
            ? throw new InvalidOperationException($"No ReportPortal.sln above {AppContext.BaseDirectory}.")
            : Path.Combine([folder.FullName, .. parts]);
    }
}
