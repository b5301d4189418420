using System.Diagnostics;
using System.Globalization;

namespace ReportPortal.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster in a temporary folder, made with the system's
/// initdb and pg_ctl, listening on a free loopback port with trust auth, and
/// tuned for speed over durability. Each test process makes its own, so test
/// assemblies running in parallel never share one.
/// </summary>
internal sealed partial class LocalPostgresCluster
{
    private const string FolderPrefix = "reportportal-tests-pg-";
    private const int StartAttempts = 5;

    private readonly string _binDirectory;
    private readonly string _rootDirectory;
    private int _stopped;

    private LocalPostgresCluster(string binDirectory, string rootDirectory)
    {
        _binDirectory = binDirectory;
        _rootDirectory = rootDirectory;
    }

    public int Port { get; private set; }

    /// <summary>Where the server writes its own log (the logging collector), for tests that search it.</summary>
    public string LogDirectory => Path.Combine(_rootDirectory, "log");

    /// <summary>
    /// The server's own log must hold no statement text, parameters or key values (DESIGN §4); these are
    /// the settings deploy/README.md gives for production, and the canary tests search the result.
    /// </summary>
    public static IReadOnlyList<string> QuietLogSettings { get; } =
    [
        "log_min_error_statement=panic",
        "log_error_verbosity=terse",
        "log_statement=none",
        "log_min_duration_statement=-1",
        "log_duration=off",
        "log_connections=off",
        "log_disconnections=off",
        "log_parameter_max_length=0",
        "log_parameter_max_length_on_error=0",
    ];

    // PostgreSQL refuses to run as root, so as root every server tool runs as
    // the postgres user, which needs a folder it can reach: /tmp rather than
    // whatever TMPDIR root has.
    private static bool RunningAsRoot => Environment.IsPrivilegedProcess;

    private static string TempRoot => RunningAsRoot ? "/tmp" : Path.GetTempPath();

    private string DataDirectory => DataDirectoryOf(_rootDirectory);

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

        var cluster = new LocalPostgresCluster(binDirectory, rootDirectory);
        // The normal stop comes from TestRunLifetime; this covers a failed start
        // and any runner that skips it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();

        await cluster.RunServerToolAsync("initdb",
        [
            "--pgdata", cluster.DataDirectory,
            "--username", "postgres",
            "--auth", "trust",
            "--encoding", "UTF8",
            "--locale", "C.UTF-8",
            "--no-sync",
        ]);
        await cluster.StartServerAsync();
        return cluster;
    }

    /// <summary>Stops the server at once and deletes its folder, finishing in the background.</summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            StopAndDelete(_binDirectory, _rootDirectory);
        }
    }

    /// <summary>Starts the server on a free port, or on <paramref name="samePort"/> when it starts again after a stop.</summary>
    private async Task StartServerAsync(int? samePort = null)
    {
        var logFile = Path.Combine(_rootDirectory, "postgres.log");
        for (var attempt = 1; ; attempt++)
        {
            var port = samePort ?? FreePort.Next();
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
                "-c max_connections=500",
                "-c logging_collector=on",
                $"-c log_directory='{LogDirectory}'",
                "-c log_filename=postgresql.log",
                string.Join(' ', QuietLogSettings.Select(setting => "-c " + setting)));
            try
            {
                await RunServerToolAsync("pg_ctl",
                    ["start", "--pgdata", DataDirectory, "--wait", "--timeout", "60", "--log", logFile, "-o", serverOptions]);
                Port = port;
                return;
            }
            catch (InvalidOperationException) when (samePort is null && attempt < StartAttempts && PortWasTaken(logFile))
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

    private Task<string> RunServerToolAsync(string tool, IEnumerable<string> arguments)
    {
        var executable = Path.Combine(_binDirectory, tool);
        return RunningAsRoot
            ? ExternalProcess.RunAsync("runuser", ["-u", "postgres", "--", executable, .. arguments], _rootDirectory)
            : ExternalProcess.RunAsync(executable, arguments, _rootDirectory);
    }

    private static string DataDirectoryOf(string rootDirectory) => Path.Combine(rootDirectory, "data");

    private static bool PortWasTaken(string logFile) =>
        ReadLog(logFile).Contains("could not bind", StringComparison.Ordinal);

    private static string ReadLog(string logFile) =>
        File.Exists(logFile) ? File.ReadAllText(logFile) : "(no log written)";

    /// <summary>
    /// Removes clusters left behind by test processes that were killed before
    /// they could stop their own.
    /// </summary>
    private static void RemoveAbandonedClusters(string binDirectory)
    {
        foreach (var directory in Directory.EnumerateDirectories(TempRoot, FolderPrefix + "*"))
        {
            var ownerPid = Path.GetFileName(directory)[FolderPrefix.Length..].Split('-')[0];
            if (int.TryParse(ownerPid, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && !IsRunning(pid))
            {
                StopAndDelete(binDirectory, directory);
            }
        }
    }

    // The test host is killed moments after the last test, too soon to wait
    // for PostgreSQL to stop and to delete its files, so this is handed to a
    // detached shell: an immediate shutdown (the data is thrown away anyway),
    // then the folder. pg_ctl runs as the postgres user when we are root, so a
    // stale pid file can never make it signal anyone else's process.
    private static void StopAndDelete(string binDirectory, string rootDirectory)
    {
        const string Script = """
            if [ -f "$1/data/postmaster.pid" ]; then
              if [ "$(id -u)" -eq 0 ]; then as_owner="runuser -u postgres --"; else as_owner=""; fi
              $as_owner "$2/pg_ctl" stop --pgdata "$1/data" --mode immediate --wait --timeout 30
            fi
            rm -rf "$1"
            """;
        ExternalProcess.StartDetached("sh", ["-c", Script, "sh", rootDirectory, binDirectory]);
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
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
