using System.Diagnostics;
using System.Globalization;

namespace ReportPortal.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster in a temporary folder, made with the system's
/// initdb and pg_ctl, listening on a free loopback port with trust auth, and
/// tuned for speed over durability. Each test process makes its own, so test
/// assemblies running in parallel never share one.
/// </summary>
internal sealed class LocalPostgresCluster
{
    private const string FolderPrefix = "reportportal-tests-pg-";
    private const int StartAttempts = 5;

    private readonly string _binDirectory;
    private readonly string _rootDirectory;

    private LocalPostgresCluster(string binDirectory, string rootDirectory, int port)
    {
        _binDirectory = binDirectory;
        _rootDirectory = rootDirectory;
        Port = port;
    }

    public int Port { get; }

    private string DataDirectory => Path.Combine(_rootDirectory, "data");

    // PostgreSQL refuses to run as root, so as root every server tool runs as
    // the postgres user, which needs a folder it can reach: /tmp rather than
    // whatever TMPDIR root has.
    private static bool RunningAsRoot => Environment.IsPrivilegedProcess;

    private static string TempRoot => RunningAsRoot ? "/tmp" : Path.GetTempPath();

    public static async Task<LocalPostgresCluster> StartAsync(string binDirectory)
    {
        RemoveAbandonedClusters(binDirectory);

        // The owning process id is in the folder name so that a later run can
        // tell an abandoned cluster (owner gone) from a live one.
        var rootDirectory = Path.Combine(
            TempRoot,
            FormattableString.Invariant($"{FolderPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}"));
        Directory.CreateDirectory(rootDirectory);
        if (RunningAsRoot)
        {
            await ExternalProcess.RunAsync("chown", ["postgres:postgres", rootDirectory], "/");
        }

        var cluster = new LocalPostgresCluster(binDirectory, rootDirectory, port: 0);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.StopAndDelete();

        await cluster.RunServerToolAsync("initdb",
        [
            "--pgdata", cluster.DataDirectory,
            "--username", "postgres",
            "--auth", "trust",
            "--encoding", "UTF8",
            "--locale", "C.UTF-8",
            "--no-sync",
        ]);

        return await cluster.StartServerAsync();
    }

    private async Task<LocalPostgresCluster> StartServerAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var logFile = Path.Combine(_rootDirectory, "postgres.log");
            File.Delete(logFile);
            var serverOptions = string.Join(' ',
                FormattableString.Invariant($"-p {port}"),
                $"-k '{_rootDirectory}'",
                "-c listen_addresses=127.0.0.1",
                // Test data is disposable: skip everything that makes writes durable.
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                // Every test database gets its own connection pool.
                "-c max_connections=500");
            try
            {
                await RunServerToolAsync("pg_ctl",
                    ["start", "--pgdata", DataDirectory, "--wait", "--timeout", "60", "--log", logFile, "-o", serverOptions]);
                return new LocalPostgresCluster(_binDirectory, _rootDirectory, port);
            }
            catch (InvalidOperationException) when (attempt < StartAttempts && PortWasTaken(logFile))
            {
                // Another process took the port between FreePort.Next() and the bind: try another.
            }
            catch (InvalidOperationException exception)
            {
                throw new InvalidOperationException(
                    $"PostgreSQL did not start. Server log:{Environment.NewLine}{ReadLog(logFile)}", exception);
            }
        }
    }

    private static bool PortWasTaken(string logFile) =>
        ReadLog(logFile).Contains("could not bind", StringComparison.Ordinal);

    private static string ReadLog(string logFile) =>
        File.Exists(logFile) ? File.ReadAllText(logFile) : "(no log written)";

    private Task<string> RunServerToolAsync(string tool, IEnumerable<string> arguments)
    {
        var executable = Path.Combine(_binDirectory, tool);
        return RunningAsRoot
            ? ExternalProcess.RunAsync("runuser", ["-u", "postgres", "--", executable, .. arguments], _rootDirectory)
            : ExternalProcess.RunAsync(executable, arguments, _rootDirectory);
    }

    private void StopAndDelete()
    {
        StopAndDelete(_binDirectory, _rootDirectory);
    }

    // Best effort throughout: this runs at process exit or while tidying up
    // after someone else, where there is nobody to report a failure to.
    private static void StopAndDelete(string binDirectory, string rootDirectory)
    {
        var cluster = new LocalPostgresCluster(binDirectory, rootDirectory, port: 0);
        try
        {
            if (File.Exists(Path.Combine(cluster.DataDirectory, "postmaster.pid")))
            {
                cluster.RunServerToolAsync("pg_ctl",
                        ["stop", "--pgdata", cluster.DataDirectory, "--mode", "immediate", "--wait", "--timeout", "30"])
                    .GetAwaiter().GetResult();
            }
        }
        catch (InvalidOperationException)
        {
            // Already stopped, or not ours to stop.
        }

        try
        {
            Directory.Delete(rootDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// Removes clusters left behind by test processes that were killed before
    /// they could stop their own.
    /// </summary>
    private static void RemoveAbandonedClusters(string binDirectory)
    {
        foreach (var directory in Directory.EnumerateDirectories(TempRoot, FolderPrefix + "*"))
        {
            var ownerPid = Path.GetFileName(directory)[FolderPrefix.Length..].Split('-')[0];
            if (!int.TryParse(ownerPid, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || IsRunning(pid))
            {
                continue;
            }

            StopAndDelete(binDirectory, directory);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
