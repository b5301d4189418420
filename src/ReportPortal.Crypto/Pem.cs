using System.Security.Cryptography;

namespace ReportPortal.Crypto;

internal static class Pem
{
    internal const string PrivateKeyLabel = "PRIVATE KEY";
    internal const string PublicKeyLabel = "PUBLIC KEY";

    /// <summary>
    /// Decodes the first PEM block with <paramref name="label"/>. Other blocks are skipped so a file that
    /// also carries, say, a public key still works; a wrong-label-only input is refused, because silently
    /// accepting an "EC PRIVATE KEY" or "ENCRYPTED PRIVATE KEY" would hide a mistaken export.
    /// </summary>
    internal static byte[] Decode(string pem, string label)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var remaining = pem.AsSpan();
        while (PemEncoding.TryFind(remaining, out var fields))
        {
            if (remaining[fields.Label].SequenceEqual(label))
            {
                var der = new byte[fields.DecodedDataLength];
                if (!Convert.TryFromBase64Chars(remaining[fields.Base64Data], der, out var written) || written != der.Length)
                {
                    throw new CryptographicException($"Invalid {label} PEM.");
                }

                return der;
            }

            remaining = remaining[fields.Location.End..];
        }

        throw new CryptographicException($"No {label} PEM block found.");
    }
}
