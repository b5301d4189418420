using System.Net;
using System.Net.Sockets;

namespace ReportPortal.Tests.Infrastructure;

/// <summary>Finds loopback TCP ports for servers the tests start.</summary>
public static class FreePort
{
    /// <summary>
    /// A port nothing is listening on right now. Another process can still take
    /// it before the caller binds, so servers started on it should retry.
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
