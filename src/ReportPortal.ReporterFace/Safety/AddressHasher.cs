using System.Security.Cryptography;

namespace ReportPortal.ReporterFace.Safety;

/// <summary>
/// Turns a client address into a keyed hash for in-memory rate limiting. The key is made at start-up
/// and never leaves memory, so the hashes cannot be reversed by anyone who later reads them.
/// </summary>
public sealed class AddressHasher
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string Hash(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return Convert.ToBase64String(HMACSHA256.HashData(_key, System.Text.Encoding.UTF8.GetBytes(address)));
    }
}
