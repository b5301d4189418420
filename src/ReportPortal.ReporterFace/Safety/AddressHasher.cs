using System.Net;
using System.Security.Cryptography;

namespace ReportPortal.ReporterFace.Safety;

/// <summary>
/// Turns a client address into a keyed hash for in-memory rate limiting. The key is made at start-up
/// and never leaves memory, so the hashes cannot be reversed by anyone who later reads them.
/// </summary>
public sealed class AddressHasher
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    /// <summary>The source of a request, after any trusted proxy's forwarded address has been applied.</summary>
    public string Hash(HttpContext context) => Hash(context.Connection.RemoteIpAddress);

    public string Hash(IPAddress? address) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, SourceBytes(address)));

    /// <summary>
    /// One IPv6 subscriber is usually given a whole /64, so keying on the full address would give one
    /// client 2^64 separate budgets; the /64 is the source.
    /// </summary>
    private static byte[] SourceBytes(IPAddress? address)
    {
        if (address is null)
        {
            return [];
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        return bytes.Length == 16 ? bytes[..8] : bytes;
    }
}
