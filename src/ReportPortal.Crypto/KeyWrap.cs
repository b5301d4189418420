using System.Security.Cryptography;
using System.Text;

namespace ReportPortal.Crypto;

/// <summary>Wraps a case key for each holder: symmetrically for the reporter, by ECIES for staff and escrow.</summary>
public static class KeyWrap
{
    internal const byte Version = 0x01;
    internal const int NonceSize = 12;
    internal const int TagSize = 16;
    internal const string SymmetricPurpose = "reportportal/grant/symmetric";
    internal const string EciesPurpose = "reportportal/grant/ecies";
    internal const string EciesHkdfInfo = "reportportal/grant/ecies/hkdf-sha256/v1";

    private const int SymmetricOverhead = 1 + NonceSize + TagSize;
    private const int EciesHeaderSize = 1 + P256.UncompressedPointSize;
    private const int EciesOverhead = EciesHeaderSize + NonceSize + TagSize;
    private const int WrapKeySize = 32;

    /// <summary>
    /// Layout: [version 0x01][12-byte nonce][ciphertext][16-byte tag];
    /// associated data: version || lp("reportportal/grant/symmetric") || lp(associatedData).
    /// </summary>
    public static byte[] WrapWithKey(ReadOnlySpan<byte> keyToWrap, ReadOnlySpan<byte> wrappingKey, ReadOnlySpan<byte> associatedData)
    {
        Span<byte> nonce = stackalloc byte[NonceSize];
        RandomNumberGenerator.Fill(nonce);
        return WrapWithKey(keyToWrap, wrappingKey, associatedData, nonce);
    }

    /// <summary>Fixed-nonce variant for known-answer tests only.</summary>
    internal static byte[] WrapWithKey(ReadOnlySpan<byte> keyToWrap, ReadOnlySpan<byte> wrappingKey, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> nonce)
    {
        KeyRules.RequireDataKey(wrappingKey, nameof(wrappingKey));
        var ad = AssociatedData.ForLabel(Version, SymmetricPurpose, associatedData);
        var wrapped = new byte[SymmetricOverhead + keyToWrap.Length];
        wrapped[0] = Version;
        nonce.CopyTo(wrapped.AsSpan(1, NonceSize));
        using var aes = new AesGcm(wrappingKey, TagSize);
        aes.Encrypt(
            nonce,
            keyToWrap,
            wrapped.AsSpan(1 + NonceSize, keyToWrap.Length),
            wrapped.AsSpan(1 + NonceSize + keyToWrap.Length, TagSize),
            ad);
        return wrapped;
    }

    public static byte[] UnwrapWithKey(ReadOnlySpan<byte> wrapped, ReadOnlySpan<byte> wrappingKey, ReadOnlySpan<byte> associatedData)
    {
        KeyRules.RequireDataKey(wrappingKey, nameof(wrappingKey));
        if (wrapped.Length < SymmetricOverhead)
        {
            throw new CryptographicException("Wrapped key is too short.");
        }

        if (wrapped[0] != Version)
        {
            throw new CryptographicException("Wrapped key has an unsupported version.");
        }

        var ad = AssociatedData.ForLabel(Version, SymmetricPurpose, associatedData);
        var ciphertextLength = wrapped.Length - SymmetricOverhead;
        var key = new byte[ciphertextLength];
        using var aes = new AesGcm(wrappingKey, TagSize);
        aes.Decrypt(
            wrapped.Slice(1, NonceSize),
            wrapped.Slice(1 + NonceSize, ciphertextLength),
            wrapped.Slice(1 + NonceSize + ciphertextLength, TagSize),
            key,
            ad);
        return key;
    }

    /// <summary>
    /// ECIES on P-256. Layout: [version 0x01][65-byte uncompressed ephemeral point][12-byte nonce][ciphertext][16-byte tag].
    /// AES key = HKDF-SHA256(ikm = ECDH x-coordinate, salt = ephemeral point || recipient point,
    /// info = "reportportal/grant/ecies/hkdf-sha256/v1", 32 bytes). Putting both points in the salt binds
    /// the key to this exchange and this recipient. Associated data: version || lp("reportportal/grant/ecies") || lp(associatedData).
    /// </summary>
    public static byte[] WrapToPublicKey(ReadOnlySpan<byte> keyToWrap, ReadOnlySpan<byte> recipientPublicKeySpki, ReadOnlySpan<byte> associatedData)
    {
        using var ephemeral = P256.Create();
        Span<byte> nonce = stackalloc byte[NonceSize];
        RandomNumberGenerator.Fill(nonce);
        return WrapToPublicKey(keyToWrap, recipientPublicKeySpki, associatedData, ephemeral, nonce);
    }

    /// <summary>Fixed ephemeral key and nonce, for known-answer tests only.</summary>
    internal static byte[] WrapToPublicKey(ReadOnlySpan<byte> keyToWrap, ReadOnlySpan<byte> recipientPublicKeySpki, ReadOnlySpan<byte> associatedData, ECDiffieHellman ephemeral, ReadOnlySpan<byte> nonce)
    {
        using var recipient = P256.ImportSpki(recipientPublicKeySpki);
        P256.Require(ephemeral);

        var wrapped = new byte[EciesOverhead + keyToWrap.Length];
        wrapped[0] = Version;
        P256.WritePoint(ephemeral, wrapped.AsSpan(1, P256.UncompressedPointSize));
        nonce.CopyTo(wrapped.AsSpan(EciesHeaderSize, NonceSize));

        Span<byte> recipientPoint = stackalloc byte[P256.UncompressedPointSize];
        P256.WritePoint(recipient, recipientPoint);
        var wrapKey = DeriveEciesKey(ephemeral, recipient, wrapped.AsSpan(1, P256.UncompressedPointSize), recipientPoint);
        try
        {
            var ad = AssociatedData.ForLabel(Version, EciesPurpose, associatedData);
            using var aes = new AesGcm(wrapKey, TagSize);
            aes.Encrypt(
                nonce,
                keyToWrap,
                wrapped.AsSpan(EciesHeaderSize + NonceSize, keyToWrap.Length),
                wrapped.AsSpan(EciesHeaderSize + NonceSize + keyToWrap.Length, TagSize),
                ad);
            return wrapped;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wrapKey);
        }
    }

    public static byte[] UnwrapWithPrivateKey(ReadOnlySpan<byte> wrapped, ECDiffieHellman recipientPrivateKey, ReadOnlySpan<byte> associatedData)
    {
        ArgumentNullException.ThrowIfNull(recipientPrivateKey);
        P256.Require(recipientPrivateKey);
        if (wrapped.Length < EciesOverhead)
        {
            throw new CryptographicException("Wrapped key is too short.");
        }

        if (wrapped[0] != Version)
        {
            throw new CryptographicException("Wrapped key has an unsupported version.");
        }

        var ephemeralPoint = wrapped.Slice(1, P256.UncompressedPointSize);
        using var ephemeral = P256.ImportPoint(ephemeralPoint);
        Span<byte> recipientPoint = stackalloc byte[P256.UncompressedPointSize];
        P256.WritePoint(recipientPrivateKey, recipientPoint);

        var wrapKey = DeriveEciesKey(recipientPrivateKey, ephemeral, ephemeralPoint, recipientPoint);
        try
        {
            var ad = AssociatedData.ForLabel(Version, EciesPurpose, associatedData);
            var ciphertextLength = wrapped.Length - EciesOverhead;
            var key = new byte[ciphertextLength];
            using var aes = new AesGcm(wrapKey, TagSize);
            aes.Decrypt(
                wrapped.Slice(EciesHeaderSize, NonceSize),
                wrapped.Slice(EciesHeaderSize + NonceSize, ciphertextLength),
                wrapped.Slice(EciesHeaderSize + NonceSize + ciphertextLength, TagSize),
                key,
                ad);
            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wrapKey);
        }
    }

    private static byte[] DeriveEciesKey(ECDiffieHellman own, ECDiffieHellman peer, ReadOnlySpan<byte> ephemeralPoint, ReadOnlySpan<byte> recipientPoint)
    {
        using var peerPublic = peer.PublicKey;
        var shared = own.DeriveRawSecretAgreement(peerPublic);
        Span<byte> salt = stackalloc byte[2 * P256.UncompressedPointSize];
        ephemeralPoint.CopyTo(salt);
        recipientPoint.CopyTo(salt[P256.UncompressedPointSize..]);
        try
        {
            var key = new byte[WrapKeySize];
            HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, key, salt, Encoding.ASCII.GetBytes(EciesHkdfInfo));
            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(shared);
        }
    }
}
