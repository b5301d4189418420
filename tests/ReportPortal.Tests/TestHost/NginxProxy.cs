using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using ReportPortal.Tests.Infrastructure;

namespace ReportPortal.Tests.TestHost;

/// <summary>
/// Real nginx in front of a face on real Kestrel, configured the way scripts/run-local does it: the whole
/// configuration is deploy/nginx/local-nginx.conf and the face's site is its deploy/nginx template with the
/// addresses filled in. nginx missing is a failure, never a skip: scripts/lib/ensure-dependencies installs it.
/// </summary>
public sealed partial class NginxProxy : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/nginx";

    private const int StartAttempts = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly string _folder;
    private readonly StringBuilder _output;

    private NginxProxy(Process process, string folder, StringBuilder output, int port)
    {
        _process = process;
        _folder = folder;
        _output = output;
        Port = port;
    }

    /// <summary>The loopback port nginx listens on.</summary>
    public int Port { get; }

    /// <summary>The deploy/nginx template <paramref name="site"/> with its @@NAME@@ values filled in.</summary>
    public static string Render(string site, IReadOnlyDictionary<string, string> values)
    {
        var text = File.ReadAllText(RepositoryFolder.File("deploy", "nginx", site));
        foreach (var (name, value) in values)
        {
            text = text.Replace($"@@{name}@@", value, StringComparison.Ordinal);
        }

        return Token().Match(text) is { Success: true } left
            ? throw new InvalidOperationException($"deploy/nginx/{site} has a value the test did not fill in: {left.Value}.")
            : text;
    }

    /// <summary>Starts nginx with the site <paramref name="site"/> for <paramref name="serverName"/>, proxying to the face on <paramref name="facePort"/>.</summary>
    public static async Task<NginxProxy> StartAsync(string site, string serverName, int facePort)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is not installed; scripts/lib/ensure-dependencies installs it (apt-get install nginx).");
        }

        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            // As root the worker runs as nobody, who must reach this folder: /tmp rather than root's TMPDIR.
            var folder = Path.Combine(Environment.IsPrivilegedProcess ? "/tmp" : Path.GetTempPath(), "reportportal-tests-nginx-" + Guid.NewGuid().ToString("N"));
            var rendered = Render(site, new Dictionary<string, string>
            {
                ["LISTEN"] = FormattableString.Invariant($"127.0.0.1:{port}"),
                ["SERVER_NAME"] = serverName,
                ["FACE"] = FormattableString.Invariant($"127.0.0.1:{facePort}"),
            });
            Directory.CreateDirectory(Path.Combine(folder, "sites"));
            Directory.CreateDirectory(Path.Combine(folder, "temp"));
            File.Copy(RepositoryFolder.File("deploy", "nginx", "local-nginx.conf"), Path.Combine(folder, "nginx.conf"));
            await File.WriteAllTextAsync(Path.Combine(folder, "sites", site), rendered);

            var proxy = Start(folder, port);
            if (await proxy.WaitUntilListeningAsync())
            {
                return proxy;
            }

            await proxy.DisposeAsync();
            var output = proxy.Output;
            if (attempt >= StartAttempts || !output.Contains("Address already in use", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"nginx did not start:{Environment.NewLine}{output}");
            }
        }
    }

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private static NginxProxy Start(string folder, int port)
    {
        var startInfo = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        // -e: where start-up messages go before the configuration is read (else /var/log/nginx).
        foreach (var argument in new[] { "-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-e", "stderr" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (Environment.IsPrivilegedProcess)
        {
            startInfo.ArgumentList.Add("-g");
            startInfo.ArgumentList.Add("user nobody nogroup;");
        }

        var output = new StringBuilder();
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {Executable}.");
        DataReceivedEventHandler collect = (_, line) =>
        {
            lock (output)
            {
                output.AppendLine(line.Data);
            }
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new NginxProxy(process, folder, output, port);
    }

    private async Task<bool> WaitUntilListeningAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                return false;
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", Port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // TERM is nginx's fast shutdown: the master stops its workers, then itself. A plain Kill would
            // leave the workers running.
            await ExternalProcess.RunAsync("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)], "/");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Only disk space in /tmp is left behind.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex("@@[A-Z_]+@@")]
    private static partial Regex Token();
}
