using System.Net;
using System.Net.Sockets;

namespace ReportPortal.Tests.Workflow;

/// <summary>
/// A loopback TCP relay standing for the network between one process and a server. <see cref="Cut"/> is
/// that process dying as far as the server can tell: every open connection is reset at once and no new
/// one can be made, while the process itself (in this test process) can no longer reach anything.
/// </summary>
public sealed class NetworkCable : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly Lock _gate = new();
    private readonly List<Socket> _open = [];
    private bool _cut;

    public NetworkCable(int targetPort)
    {
        _target = new IPEndPoint(IPAddress.Loopback, targetPort);
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Cut()
    {
        List<Socket> open;
        lock (_gate)
        {
            _cut = true;
            open = [.. _open];
            _open.Clear();
        }

        _listener.Stop();
        foreach (var socket in open)
        {
            try
            {
                // A reset, not a polite close: the peer learns nothing more than a crashed machine would tell it.
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
            catch (ObjectDisposedException)
            {
                // That connection had already ended.
            }
        }
    }

    public void Dispose() => Cut();

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var server = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await server.ConnectAsync(_target);
            }
            catch (SocketException)
            {
                client.Close();
                server.Dispose();
                continue;
            }

            lock (_gate)
            {
                if (_cut)
                {
                    client.Close();
                    server.Close();
                    return;
                }

                _open.Add(client);
                _open.Add(server);
            }

            _ = PumpAsync(client, server);
            _ = PumpAsync(server, client);
        }
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Either end went away (or the cable was cut): the other end's own read ends too.
            from.Close();
            to.Close();
        }
    }
}
