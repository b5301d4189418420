using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ReportPortal.Crypto;

/// <summary>
/// Seals case content with AES-256-GCM under the case key.
/// Blob layout: [version 0x01][12-byte random nonce][ciphertext][16-byte tag].
/// Associated data: see <see cref="AssociatedData.ForContext"/>; the purpose label differs between
/// raw bytes and padded text so one kind of blob can never be opened as the other.
/// Every format of the crypto core is specified, with known-answer vectors, in docs/crypto-format.md.
/// </summary>
public static class Sealer
{
    internal const byte Version = 0x01;
    internal const int HeaderSize = 1;
    internal const int Overhead = HeaderSize + GcmBlob.Overhead;
    internal const string BytesPurpose = "reportportal/seal/bytes";
    internal const string TextPurpose = "reportportal/seal/text";
    internal const int TextLengthPrefixSize = 4;

    private const int LargeBucketStep = 65536;

    private static readonly int[] SmallBuckets =
        [256, 512, 1024, 1536, 2048, 3072, 4096, 6144, 8192, 12288, 16384, 24576, 32768, 49152, 65536];

    // Text that cannot round-trip (unpaired surrogates) is rejected rather than silently altered.
    private static readonly UTF8Encoding StrictUtf8 = CanonicalWriter.StrictUtf8;

    public static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, SealContext context) =>
        SealCore(key, plaintext, context, BytesPurpose, GcmBlob.RandomNonce());

    /// <summary>Fixed-nonce variant for known-answer tests only: reusing a nonce under one key breaks GCM.</summary>
    internal static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, SealContext context, ReadOnlySpan<byte> nonce) =>
        SealCore(key, plaintext, context, BytesPurpose, nonce);

    public static byte[] Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> sealedBlob, SealContext context) =>
        OpenCore(key, sealedBlob, context, BytesPurpose);

    /// <summary>
    /// Seals UTF-8 text laid out as [4-byte big-endian byte count][UTF-8][zero padding], padded to
    /// <see cref="PaddedSize"/> so the ciphertext length reveals only the size bucket.
    /// </summary>
    public static byte[] SealText(ReadOnlySpan<byte> key, string text, SealContext context) =>
        SealText(key, text, context, GcmBlob.RandomNonce());

    /// <summary>Fixed-nonce variant for known-answer tests only.</summary>
    internal static byte[] SealText(ReadOnlySpan<byte> key, string text, SealContext context, ReadOnlySpan<byte> nonce)
    {
        ArgumentNullException.ThrowIfNull(text);
        var byteCount = StrictUtf8.GetByteCount(text);
        var padded = new byte[PaddedSize(byteCount)];
        try
        {
            BinaryPrimitives.WriteInt32BigEndian(padded, byteCount);
            StrictUtf8.GetBytes(text, padded.AsSpan(TextLengthPrefixSize));
            return SealCore(key, padded, context, TextPurpose, nonce);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(padded);
        }
    }

    public static string OpenText(ReadOnlySpan<byte> key, ReadOnlySpan<byte> sealedBlob, SealContext context)
    {
        var padded = OpenCore(key, sealedBlob, context, TextPurpose);
        try
        {
            // The layout was authenticated, so a malformed one means a writer bug or a foreign format,
            // never something to guess around.
            if (padded.Length < TextLengthPrefixSize)
            {
                throw new CryptographicException("Sealed text has an invalid layout.");
            }

            var byteCount = BinaryPrimitives.ReadInt32BigEndian(padded);
            if (byteCount < 0
                || byteCount > padded.Length - TextLengthPrefixSize
                || PaddedSize(byteCount) != padded.Length
                || padded.AsSpan(TextLengthPrefixSize + byteCount).ContainsAnyExcept((byte)0))
            {
                throw new CryptographicException("Sealed text has an invalid layout.");
            }

            try
            {
                return StrictUtf8.GetString(padded, TextLengthPrefixSize, byteCount);
            }
            catch (DecoderFallbackException e)
            {
                throw new CryptographicException("Sealed text is not valid UTF-8.", e);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(padded);
        }
    }

    /// <summary>
    /// Size of the padded plaintext for text of <paramref name="byteCount"/> UTF-8 bytes, including the
    /// 4-byte length prefix: the smallest bucket that fits. Buckets are 256, 512, 1024, then every power of
    /// two and one and a half times every power of two (1536, 2048, 3072, 4096, 6144, 8192, 12288, 16384,
    /// 24576, 32768, 49152, 65536), then multiples of 65536.
    /// Why these: every step is at most 2x (256 to 512 to 1024, and 64 KiB to 128 KiB) and from 1 KiB to
    /// 64 KiB at most 1.5x, so padding is at most half of the padded size, and at most a third of it between
    /// 1 KiB and 64 KiB, where the old 4x steps could make it three quarters. The length still reveals only
    /// which of 15 buckets up to 64 KiB a text falls in (about four bits), never its exact size; short
    /// messages, the common case, all look alike up to 252 bytes. Above 64 KiB texts are rare and a 64 KiB
    /// step already hides the exact size well.
    /// The sealed blob is this plus <see cref="Overhead"/> bytes.
    /// </summary>
    public static int PaddedSize(int byteCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteCount);
        var needed = (long)byteCount + TextLengthPrefixSize;
        foreach (var bucket in SmallBuckets)
        {
            if (needed <= bucket)
            {
                return bucket;
            }
        }

        var size = (needed + LargeBucketStep - 1) / LargeBucketStep * LargeBucketStep;
        if (size > Array.MaxLength - Overhead)
        {
            throw new ArgumentOutOfRangeException(nameof(byteCount), "Text is too large to seal.");
        }

        return (int)size;
    }

    private static byte[] SealCore(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, SealContext context, string purpose, ReadOnlySpan<byte> nonce)
    {
        KeyRules.RequireDataKey(key, nameof(key));
        return GcmBlob.Seal(key, [Version], nonce, plaintext, AssociatedData.ForContext(Version, purpose, context));
    }

    private static byte[] OpenCore(ReadOnlySpan<byte> key, ReadOnlySpan<byte> sealedBlob, SealContext context, string purpose)
    {
        KeyRules.RequireDataKey(key, nameof(key));
        return GcmBlob.Open(key, sealedBlob, Version, HeaderSize, AssociatedData.ForContext(Version, purpose, context), "Sealed data");
    }
}
