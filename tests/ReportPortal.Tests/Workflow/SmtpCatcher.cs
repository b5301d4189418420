using System.Diagnostics;
using System.Net.Sockets;

namespace ReportPortal.Tests.Workflow;

/// <summary>
/// A real SMTP server: Debian's aiosmtpd writing every message it accepts into a Maildir. It can be stopped
/// and started again on the same port (the relay going down and coming back). No aiosmtpd fails the test.
/// </summary>
public sealed class SmtpCatcher : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rp-smtp-").FullName;
    private Process? _server;

    public int Port { get; } = FreePort();

    public static SmtpCatcher Start()
    {
        var catcher = new SmtpCatcher();
        catcher.Resume();
        return catcher;
    }

    public void Resume()
    {
        foreach (var sub in new[] { "tmp", "new", "cur" })
        {
            Directory.CreateDirectory(Path.Combine(_directory, sub));
        }

        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", _directory })
        {
            start.ArgumentList.Add(argument);
        }

        _server = Process.Start(start)!;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!Listening())
        {
            if (_server.HasExited)
            {
                throw new InvalidOperationException($"aiosmtpd did not start (install python3-aiosmtpd): {_server.StandardError.ReadToEnd()}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("aiosmtpd did not listen within 15 s.");
            }

            Thread.Sleep(100);
        }
    }

    public void Stop()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill();
            _server.WaitForExit();
        }

        _server?.Dispose();
        _server = null;
    }

    /// <summary>Every message the server accepted, as its raw text.</summary>
    public IReadOnlyList<CaughtMail> Messages() =>
        [.. Directory.GetFiles(Path.Combine(_directory, "new")).Select(file => CaughtMail.Parse(File.ReadAllText(file)))];

    public async Task<IReadOnlyList<CaughtMail>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (Messages().Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        return Messages();
    }

    public void Dispose()
    {
        Stop();
        Directory.Delete(_directory, recursive: true);
    }

    private bool Listening()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed record CaughtMail(string To, string MessageId, string Subject, string Raw)
{
    public static CaughtMail Parse(string raw)
    {
        raw = raw.Replace("\r\n", "\n", StringComparison.Ordinal);
        var headers = raw[..Math.Max(0, raw.IndexOf("\n\n", StringComparison.Ordinal))].Split('\n');
        string Header(string name) => headers.FirstOrDefault(h => h.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))?[(name.Length + 1)..].Trim() ?? string.Empty;
        return new CaughtMail(Header("To"), Header("Message-ID"), Header("Subject"), raw);
    }
}
