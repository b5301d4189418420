using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ReportPortal.Crypto;

/// <summary>
/// Wraps a staff member's private key under their password combined with a server pepper.
/// Wrapping key = HKDF-SHA256(ikm = PBKDF2-SHA256(password as UTF-8, salt, iterations, 32), salt = pepper,
/// info = "reportportal/staff-key/password/hkdf-sha256/v1", 32 bytes). With the pepper kept out of the
/// database, a stolen database alone gives nothing to run password guesses against.
/// Layout: [version 0x01][uint32-be iterations][16-byte salt][12-byte nonce][ciphertext][16-byte tag].
/// Associated data: version || lp("reportportal/staff-key/password") || lp(uint32-be iterations) || lp(salt).
/// </summary>
public static class PasswordKeyWrap
{
    public const int Iterations = 600_000;

    internal const byte Version = 0x01;
    internal const int SaltSize = 16;
    internal const int HeaderSize = 1 + 4 + SaltSize;
    internal const int Overhead = HeaderSize + GcmBlob.Overhead;
    internal const string Purpose = "reportportal/staff-key/password";
    internal const string HkdfInfo = "reportportal/staff-key/password/hkdf-sha256/v1";

    // The count is read from the blob; a ceiling stops a tampered row from pinning a CPU for hours.
    // There is deliberately no floor, so raising Iterations later still opens older blobs (which
    // cannot be forged without the pepper anyway).
    internal const int MaxIterations = 10_000_000;

    public static byte[] Wrap(ReadOnlySpan<byte> privateKeyPkcs8, string password, ReadOnlySpan<byte> pepper) =>
        Wrap(privateKeyPkcs8, password, pepper, Iterations);

    /// <summary>Lets tests use a low iteration count; production code uses <see cref="Iterations"/>.</summary>
    internal static byte[] Wrap(ReadOnlySpan<byte> privateKeyPkcs8, string password, ReadOnlySpan<byte> pepper, int iterations) =>
        Wrap(privateKeyPkcs8, password, pepper, iterations, RandomNumberGenerator.GetBytes(SaltSize), GcmBlob.RandomNonce());

    /// <summary>Fixed salt and nonce, for known-answer tests only.</summary>
    internal static byte[] Wrap(ReadOnlySpan<byte> privateKeyPkcs8, string password, ReadOnlySpan<byte> pepper, int iterations, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> nonce)
    {
        RequirePassword(password);
        KeyRules.RequireSecret(pepper, nameof(pepper));
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaxIterations);
        if (salt.Length != SaltSize)
        {
            throw new ArgumentException($"Salt must be {SaltSize} bytes.", nameof(salt));
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        header[0] = Version;
        BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)iterations);
        salt.CopyTo(header[5..]);

        var key = DeriveKey(password, salt, iterations, pepper);
        try
        {
            return GcmBlob.Seal(key, header, nonce, privateKeyPkcs8, BuildAssociatedData(iterations, salt));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    public static byte[] Unwrap(ReadOnlySpan<byte> wrapped, string password, ReadOnlySpan<byte> pepper)
    {
        RequirePassword(password);
        KeyRules.RequireSecret(pepper, nameof(pepper));
        const string What = "Wrapped private key";
        var header = GcmBlob.ReadHeader(wrapped, Version, HeaderSize, What);
        var iterations = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (iterations is 0 or > MaxIterations)
        {
            throw new CryptographicException("Wrapped private key has an invalid iteration count.");
        }

        var salt = header[5..];
        var key = DeriveKey(password, salt, (int)iterations, pepper);
        try
        {
            return GcmBlob.Open(key, wrapped, Version, HeaderSize, BuildAssociatedData((int)iterations, salt), What);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static void RequirePassword(string password)
    {
        // No Unicode normalisation: ASP.NET Core Identity verifies the exact string, so the password that
        // signs in is the same string that unwraps, byte for byte.
        ArgumentException.ThrowIfNullOrEmpty(password);
    }

    private static byte[] DeriveKey(string password, ReadOnlySpan<byte> salt, int iterations, ReadOnlySpan<byte> pepper)
    {
        // Encoded here rather than by the string overload of Pbkdf2, so the password bytes are ours to wipe.
        // Encoding.UTF8 (not the strict encoder) matches what that overload did, unpaired surrogates included.
        var passwordBytes = new byte[Encoding.UTF8.GetByteCount(password)];
        var stretched = new byte[Kdf.KeySize];
        try
        {
            Encoding.UTF8.GetBytes(password, passwordBytes);
            Rfc2898DeriveBytes.Pbkdf2(passwordBytes, salt, stretched, iterations, HashAlgorithmName.SHA256);
            return Kdf.Hkdf(stretched, pepper, HkdfInfo);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
            CryptographicOperations.ZeroMemory(stretched);
        }
    }

    private static byte[] BuildAssociatedData(int iterations, ReadOnlySpan<byte> salt)
    {
        Span<byte> count = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(count, (uint)iterations);
        var ad = new byte[1 + CanonicalWriter.LengthPrefixedUtf8Size(Purpose) + CanonicalWriter.LengthPrefixedSize(4) + CanonicalWriter.LengthPrefixedSize(SaltSize)];
        var writer = new CanonicalWriter(ad);
        writer.WriteByte(Version);
        writer.WriteLengthPrefixedUtf8(Purpose);
        writer.WriteLengthPrefixed(count);
        writer.WriteLengthPrefixed(salt);
        return ad;
    }
}
