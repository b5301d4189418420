using System.Security.Cryptography;
using System.Text;

namespace ReportPortal.Crypto;

internal static class Kdf
{
    internal const int KeySize = 32;

    /// <summary>HKDF-SHA256 to a 32-byte key. <paramref name="info"/> is an ASCII label.</summary>
    internal static byte[] Hkdf(ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> salt, string info)
    {
        var key = new byte[KeySize];
        var derived = false;
        try
        {
            HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, key, salt, Encoding.ASCII.GetBytes(info));
            derived = true;
            return key;
        }
        finally
        {
            if (!derived)
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }
    }
}
