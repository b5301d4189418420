using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace ReportPortal.Tests.TestHost;

/// <summary>
/// HTTP/1.1 written by hand over a TCP socket, for requests no HTTP client would send (no Host, two Hosts,
/// oversized headers). Reads one response: by Content-Length, chunked, or to the end of the connection.
/// </summary>
public static class RawHttp
{
    public static async Task<string> SendAsync(int port, string request)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port, timeout.Token);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);

        var received = new MemoryStream();
        var buffer = new byte[8192];
        int headEnd;
        while ((headEnd = IndexOf(received, "\r\n\r\n"u8)) < 0)
        {
            if (!await ReadMoreAsync(stream, received, buffer, timeout.Token))
            {
                return Text(received);
            }
        }

        var head = Encoding.ASCII.GetString(received.GetBuffer(), 0, headEnd);
        var bodyStart = headEnd + 4;
        if (Header(head, "Content-Length") is { } length)
        {
            var total = bodyStart + int.Parse(length, CultureInfo.InvariantCulture);
            while (received.Length < total && await ReadMoreAsync(stream, received, buffer, timeout.Token))
            {
            }
        }
        else if (string.Equals(Header(head, "Transfer-Encoding"), "chunked", StringComparison.OrdinalIgnoreCase))
        {
            // The last chunk is "0" on its own line, followed by an empty line.
            while (IndexOf(received, "\r\n0\r\n\r\n"u8, bodyStart - 2) < 0 && await ReadMoreAsync(stream, received, buffer, timeout.Token))
            {
            }
        }
        else
        {
            while (await ReadMoreAsync(stream, received, buffer, timeout.Token))
            {
            }
        }

        return Text(received);
    }

    /// <summary>The status code of a response read by <see cref="SendAsync"/>.</summary>
    public static int Status(string response) =>
        int.Parse(response.AsSpan("HTTP/1.1 ".Length, 3), CultureInfo.InvariantCulture);

    /// <summary>The first value of header <paramref name="name"/> in the response's head, or null.</summary>
    public static string? Header(string response, string name)
    {
        var head = response.Split("\r\n\r\n", 2)[0];
        return head.Split("\r\n")
            .Where(line => line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            .Select(line => line[(name.Length + 1)..].Trim())
            .FirstOrDefault();
    }

    private static async Task<bool> ReadMoreAsync(NetworkStream stream, MemoryStream received, byte[] buffer, CancellationToken cancellationToken)
    {
        int read;
        try
        {
            read = await stream.ReadAsync(buffer, cancellationToken);
        }
        catch (IOException)
        {
            // A reset after the response (nginx closing a refused connection) ends it like a close.
            return false;
        }

        received.Write(buffer, 0, read);
        return read > 0;
    }

    private static int IndexOf(MemoryStream received, ReadOnlySpan<byte> value, int from = 0) =>
        received.GetBuffer().AsSpan(0, (int)received.Length)[Math.Max(from, 0)..].IndexOf(value) is var found and >= 0
            ? found + Math.Max(from, 0)
            : -1;

    private static string Text(MemoryStream received) => Encoding.UTF8.GetString(received.GetBuffer(), 0, (int)received.Length);
}
