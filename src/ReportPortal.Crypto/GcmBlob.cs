using System.Security.Cryptography;

namespace ReportPortal.Crypto;

/// <summary>
/// The one AES-256-GCM blob every sealer and key wrapper writes: [header][12-byte nonce][ciphertext][16-byte tag].
/// The header starts with the format's version byte and may carry more format fields (an ephemeral point,
/// a KDF salt); each format binds its header through its own associated data, so it is authenticated too.
/// Keeping one implementation means one place where the offsets, the version check and the wiping of a
/// failed decryption can be wrong.
/// </summary>
internal static class GcmBlob
{
    internal const int NonceSize = 12;
    internal const int TagSize = 16;
    internal const int Overhead = NonceSize + TagSize;

    internal static byte[] RandomNonce() => RandomNumberGenerator.GetBytes(NonceSize);

    internal static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> header, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        KeyRules.RequireDataKey(key, nameof(key));
        if (nonce.Length != NonceSize)
        {
            throw new ArgumentException($"Nonce must be {NonceSize} bytes.", nameof(nonce));
        }

        if (plaintext.Length > Array.MaxLength - header.Length - Overhead)
        {
            throw new ArgumentException("Plaintext is too large to seal.", nameof(plaintext));
        }

        var blob = new byte[header.Length + Overhead + plaintext.Length];
        header.CopyTo(blob);
        nonce.CopyTo(blob.AsSpan(header.Length));
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(
            nonce,
            plaintext,
            blob.AsSpan(header.Length + NonceSize, plaintext.Length),
            blob.AsSpan(blob.Length - TagSize),
            associatedData);
        return blob;
    }

    /// <summary>
    /// Checks the length and version byte and returns the header. Formats call this before deriving a key
    /// from header fields, so a foreign or truncated blob costs no key derivation.
    /// </summary>
    internal static ReadOnlySpan<byte> ReadHeader(ReadOnlySpan<byte> blob, byte version, int headerSize, string what)
    {
        if (blob.Length < headerSize + Overhead)
        {
            throw new CryptographicException($"{what} is too short.");
        }

        if (blob[0] != version)
        {
            throw new CryptographicException($"{what} has an unsupported version.");
        }

        return blob[..headerSize];
    }

    /// <summary>Returns the plaintext, which the caller owns and must wipe when it is secret.</summary>
    internal static byte[] Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> blob, byte version, int headerSize, ReadOnlySpan<byte> associatedData, string what)
    {
        KeyRules.RequireDataKey(key, nameof(key));
        ReadHeader(blob, version, headerSize, what);
        var body = blob[headerSize..];
        var plaintext = new byte[body.Length - Overhead];
        var opened = false;
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(body[..NonceSize], body[NonceSize..^TagSize], body[^TagSize..], plaintext, associatedData);
            opened = true;
            return plaintext;
        }
        finally
        {
            // The platform clears the buffer on a tag mismatch today; not relying on that keeps a failed
            // open from ever handing unauthenticated plaintext to the garbage collector.
            if (!opened)
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }
    }
}
