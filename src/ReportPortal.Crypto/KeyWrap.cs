using System.Security.Cryptography;

namespace ReportPortal.Crypto;

/// <summary>Wraps a case key for each holder: symmetrically for the reporter, by ECIES for staff and escrow.</summary>
public static class KeyWrap
{
    internal const byte Version = 0x01;
    internal const string SymmetricPurpose = "reportportal/grant/symmetric";
    internal const string EciesPurpose = "reportportal/grant/ecies";
    internal const string EciesHkdfInfo = "reportportal/grant/ecies/hkdf-sha256/v1";

    private const int SymmetricHeaderSize = 1;
    private const int EciesHeaderSize = 1 + P256.UncompressedPointSize;

    /// <summary>
    /// Layout: [version 0x01][12-byte nonce][ciphertext][16-byte tag];
    /// associated data: version || lp("reportportal/grant/symmetric") || lp(associatedData).
    /// </summary>
    public static byte[] WrapWithKey(ReadOnlySpan<byte> keyToWrap, ReadOnlySpan<byte> wrappingKey, ReadOnlySpan<byte> associatedData) =>
        WrapWithKey(keyToWrap, wrappingKey, associatedData, GcmBlob.RandomNonce());

    /// <summary>Fixed-nonce variant for known-answer tests only.</summary>
    internal static byte[] WrapWithKey(ReadOnlySpan<byte> keyToWrap, ReadOnlySpan<byte> wrappingKey, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> nonce)
    {
        KeyRules.RequireDataKey(wrappingKey, nameof(wrappingKey));
        var ad = AssociatedData.ForLabel(Version, SymmetricPurpose, associatedData);
        return GcmBlob.Seal(wrappingKey, [Version], nonce, keyToWrap, ad);
    }

    public static byte[] UnwrapWithKey(ReadOnlySpan<byte> wrapped, ReadOnlySpan<byte> wrappingKey, ReadOnlySpan<byte> associatedData)
    {
        KeyRules.RequireDataKey(wrappingKey, nameof(wrappingKey));
        var ad = AssociatedData.ForLabel(Version, SymmetricPurpose, associatedData);
        return GcmBlob.Open(wrappingKey, wrapped, Version, SymmetricHeaderSize, ad, "Wrapped key");
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
        return WrapToPublicKey(keyToWrap, recipientPublicKeySpki, associatedData, ephemeral, GcmBlob.RandomNonce());
    }

    /// <summary>Fixed ephemeral key and nonce, for known-answer tests only.</summary>
    internal static byte[] WrapToPublicKey(ReadOnlySpan<byte> keyToWrap, ReadOnlySpan<byte> recipientPublicKeySpki, ReadOnlySpan<byte> associatedData, ECDiffieHellman ephemeral, ReadOnlySpan<byte> nonce)
    {
        using var recipient = P256.ImportSpki(recipientPublicKeySpki);
        P256.Require(ephemeral);

        Span<byte> header = stackalloc byte[EciesHeaderSize];
        header[0] = Version;
        var ephemeralPoint = header[1..];
        P256.WritePoint(ephemeral, ephemeralPoint);
        Span<byte> recipientPoint = stackalloc byte[P256.UncompressedPointSize];
        P256.WritePoint(recipient, recipientPoint);

        var wrapKey = DeriveEciesKey(ephemeral, recipient, ephemeralPoint, recipientPoint);
        try
        {
            var ad = AssociatedData.ForLabel(Version, EciesPurpose, associatedData);
            return GcmBlob.Seal(wrapKey, header, nonce, keyToWrap, ad);
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
        const string What = "Wrapped key";
        var ephemeralPoint = GcmBlob.ReadHeader(wrapped, Version, EciesHeaderSize, What)[1..];
        using var ephemeral = P256.ImportPoint(ephemeralPoint);
        Span<byte> recipientPoint = stackalloc byte[P256.UncompressedPointSize];
        P256.WritePoint(recipientPrivateKey, recipientPoint);

        var wrapKey = DeriveEciesKey(recipientPrivateKey, ephemeral, ephemeralPoint, recipientPoint);
        try
        {
            var ad = AssociatedData.ForLabel(Version, EciesPurpose, associatedData);
            return GcmBlob.Open(wrapKey, wrapped, Version, EciesHeaderSize, ad, What);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wrapKey);
        }
    }

    private static byte[] DeriveEciesKey(ECDiffieHellman own, ECDiffieHellman peer, ReadOnlySpan<byte> ephemeralPoint, ReadOnlySpan<byte> recipientPoint)
    {
        Span<byte> salt = stackalloc byte[2 * P256.UncompressedPointSize];
        ephemeralPoint.CopyTo(salt);
        recipientPoint.CopyTo(salt[P256.UncompressedPointSize..]);
        byte[]? shared = null;
        try
        {
            using var peerPublic = peer.PublicKey;
            shared = own.DeriveRawSecretAgreement(peerPublic);
            return Kdf.Hkdf(shared, salt, EciesHkdfInfo);
        }
        finally
        {
            if (shared is not null)
            {
                CryptographicOperations.ZeroMemory(shared);
            }
        }
    }
}
