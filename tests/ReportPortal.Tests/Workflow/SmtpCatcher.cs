using System.Diagnostics;
using System.Net.Sockets;

namespace ReportPortal.Tests.Workflow;

/// <summary>
/// A real SMTP server: Debian's aiosmtpd writing every message it accepts into a Maildir. It can be stopped
/// and started again on the same port (the relay going down and coming back), and it can hold its "250"
/// reply to a message it has already stored (the moment a relay has the mail and the sender does not yet
/// know). No aiosmtpd fails the test.
/// </summary>
public sealed class SmtpCatcher : IDisposable
{
    /// <summary>aiosmtpd's Maildir handler, made to wait before replying while the hold file exists.</summary>
    private const string HoldingHandler = """
        import asyncio, os
        from aiosmtpd.handlers import Mailbox

        class Holding(Mailbox):
            def __init__(self, mail_dir, hold):
                super().__init__(mail_dir)
                self.hold = hold

            async def handle_DATA(self, server, session, envelope):
                reply = await super().handle_DATA(server, session, envelope)
                while os.path.exists(self.hold):
                    await asyncio.sleep(0.05)
                return reply

            @classmethod
            def from_cli(cls, parser, *args):
                return cls(args[0], args[1])
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("rp-smtp-").FullName;
    private readonly string _handler = Directory.CreateTempSubdirectory("rp-smtp-handler-").FullName;
    private Process? _server;

    private string HoldFile => Path.Combine(_handler, "hold");

    /// <summary>From now on each message is stored, then its "250" reply waits until <see cref="ReleaseReplies"/>.</summary>
    public void HoldReplies() => File.WriteAllText(HoldFile, string.Empty);

    public void ReleaseReplies() => File.Delete(HoldFile);

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

        File.WriteAllText(Path.Combine(_handler, "holding_handler.py"), HoldingHandler);
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            Environment = { ["PYTHONPATH"] = _handler },
        };
        foreach (var argument in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "holding_handler.Holding", _directory, HoldFile })
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
        Directory.Delete(_handler, recursive: true);
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
