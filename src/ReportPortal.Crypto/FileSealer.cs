using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ReportPortal.Crypto;

/// <summary>
/// Streams files through AES-256-GCM in 64 KiB chunks so memory stays flat whatever the file size.
/// Layout: [version 0x01][8-byte random file nonce prefix], then per chunk [ciphertext][16-byte tag].
/// Every chunk but the last holds exactly <see cref="ChunkSize"/> plaintext bytes; the last holds
/// 0..ChunkSize bytes (an empty file is one empty last chunk).
/// Nonce of chunk i: prefix || uint32-be(i). Associated data: the SealContext encoding with the
/// file-chunk purpose, then uint32-be(i) and a last-chunk flag byte. The index stops reordering and
/// removal, the flag stops truncation at a chunk boundary and extension, the prefix stops splicing
/// chunks between files of the same context, and the context stops moving chunks between fields.
/// </summary>
public static class FileSealer
{
    public const int ChunkSize = 65536;

    internal const byte Version = 0x01;
    internal const int NoncePrefixSize = 8;
    internal const int HeaderSize = 1 + NoncePrefixSize;
    internal const int NonceSize = 12;
    internal const int TagSize = 16;
    internal const int SealedChunkSize = ChunkSize + TagSize;
    internal const string Purpose = "reportportal/file/chunk";

    private const int ChunkTrailerSize = 4 + 1;

    /// <summary>
    /// Seals <paramref name="plaintext"/> into <paramref name="output"/>. Reads ahead one chunk so the
    /// last chunk can be flagged without knowing the stream length.
    /// </summary>
    public static Task SealAsync(ReadOnlyMemory<byte> key, Stream plaintext, Stream output, SealContext context, CancellationToken ct = default) =>
        SealAsync(key, plaintext, output, context, RandomNumberGenerator.GetBytes(NoncePrefixSize), ct);

    /// <summary>Fixed nonce prefix, for known-answer and splicing tests only.</summary>
    internal static async Task SealAsync(ReadOnlyMemory<byte> key, Stream plaintext, Stream output, SealContext context, ReadOnlyMemory<byte> noncePrefix, CancellationToken ct = default)
    {
        KeyRules.RequireDataKey(key.Span, nameof(key));
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(output);
        if (noncePrefix.Length != NoncePrefixSize)
        {
            throw new ArgumentException($"Nonce prefix must be {NoncePrefixSize} bytes.", nameof(noncePrefix));
        }

        var ad = AssociatedData.ForContext(Version, Purpose, context, ChunkTrailerSize);
        var header = new byte[HeaderSize];
        header[0] = Version;
        noncePrefix.Span.CopyTo(header.AsSpan(1));

        var current = ArrayPool<byte>.Shared.Rent(ChunkSize);
        var next = ArrayPool<byte>.Shared.Rent(ChunkSize);
        var sealedChunk = ArrayPool<byte>.Shared.Rent(SealedChunkSize);
        try
        {
            using var aes = new AesGcm(key.Span, TagSize);
            await output.WriteAsync(header, ct);

            var currentLength = await ReadFullAsync(plaintext, current.AsMemory(0, ChunkSize), ct);
            for (uint index = 0; ; index++)
            {
                ct.ThrowIfCancellationRequested();
                var nextLength = 0;
                var isLast = currentLength < ChunkSize
                    || (nextLength = await ReadFullAsync(plaintext, next.AsMemory(0, ChunkSize), ct)) == 0;

                EncryptChunk(aes, header.AsSpan(1), index, isLast, ad, current.AsSpan(0, currentLength), sealedChunk);
                await output.WriteAsync(sealedChunk.AsMemory(0, currentLength + TagSize), ct);
                if (isLast)
                {
                    return;
                }

                if (index == uint.MaxValue)
                {
                    throw new IOException("File is too large to seal.");
                }

                (current, next) = (next, current);
                currentLength = nextLength;
            }
        }
        finally
        {
            // Plaintext passed through these buffers; the shared pool must not hand it to anyone else.
            ArrayPool<byte>.Shared.Return(current, clearArray: true);
            ArrayPool<byte>.Shared.Return(next, clearArray: true);
            ArrayPool<byte>.Shared.Return(sealedChunk, clearArray: true);
        }
    }

    /// <summary>
    /// Opens a sealed file into <paramref name="output"/>. Plaintext is written chunk by chunk as each
    /// chunk authenticates, so if this throws, whatever was already written must be discarded.
    /// </summary>
    public static async Task OpenAsync(ReadOnlyMemory<byte> key, Stream sealedInput, Stream output, SealContext context, CancellationToken ct = default)
    {
        KeyRules.RequireDataKey(key.Span, nameof(key));
        ArgumentNullException.ThrowIfNull(sealedInput);
        ArgumentNullException.ThrowIfNull(output);

        var ad = AssociatedData.ForContext(Version, Purpose, context, ChunkTrailerSize);
        var header = new byte[HeaderSize];
        if (await ReadFullAsync(sealedInput, header, ct) != HeaderSize)
        {
            throw new CryptographicException("Sealed file is truncated.");
        }

        if (header[0] != Version)
        {
            throw new CryptographicException("Sealed file has an unsupported version.");
        }

        var current = ArrayPool<byte>.Shared.Rent(SealedChunkSize);
        var next = ArrayPool<byte>.Shared.Rent(SealedChunkSize);
        var plainChunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            using var aes = new AesGcm(key.Span, TagSize);
            var currentLength = await ReadFullAsync(sealedInput, current.AsMemory(0, SealedChunkSize), ct);
            for (uint index = 0; ; index++)
            {
                ct.ThrowIfCancellationRequested();
                if (currentLength < TagSize)
                {
                    throw new CryptographicException("Sealed file is truncated.");
                }

                // A short read can only mean end of stream, so a short chunk must be the last one;
                // a full one is last only if nothing follows it.
                var nextLength = 0;
                var isLast = currentLength < SealedChunkSize
                    || (nextLength = await ReadFullAsync(sealedInput, next.AsMemory(0, SealedChunkSize), ct)) == 0;

                var plainLength = currentLength - TagSize;
                DecryptChunk(aes, header.AsSpan(1), index, isLast, ad, current.AsSpan(0, currentLength), plainChunk.AsSpan(0, plainLength));
                await output.WriteAsync(plainChunk.AsMemory(0, plainLength), ct);
                if (isLast)
                {
                    return;
                }

                if (index == uint.MaxValue)
                {
                    throw new CryptographicException("Sealed file has too many chunks.");
                }

                (current, next) = (next, current);
                currentLength = nextLength;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(current, clearArray: true);
            ArrayPool<byte>.Shared.Return(next, clearArray: true);
            ArrayPool<byte>.Shared.Return(plainChunk, clearArray: true);
        }
    }

    private static void EncryptChunk(AesGcm aes, ReadOnlySpan<byte> noncePrefix, uint index, bool isLast, byte[] ad, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        Span<byte> nonce = stackalloc byte[NonceSize];
        PrepareChunk(noncePrefix, index, isLast, ad, nonce);
        aes.Encrypt(nonce, plaintext, destination[..plaintext.Length], destination.Slice(plaintext.Length, TagSize), ad);
    }

    private static void DecryptChunk(AesGcm aes, ReadOnlySpan<byte> noncePrefix, uint index, bool isLast, byte[] ad, ReadOnlySpan<byte> sealedChunk, Span<byte> destination)
    {
        Span<byte> nonce = stackalloc byte[NonceSize];
        PrepareChunk(noncePrefix, index, isLast, ad, nonce);
        var ciphertextLength = sealedChunk.Length - TagSize;
        aes.Decrypt(nonce, sealedChunk[..ciphertextLength], sealedChunk[ciphertextLength..], destination, ad);
    }

    private static void PrepareChunk(ReadOnlySpan<byte> noncePrefix, uint index, bool isLast, byte[] ad, Span<byte> nonce)
    {
        noncePrefix.CopyTo(nonce);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[NoncePrefixSize..], index);
        var trailer = ad.AsSpan(ad.Length - ChunkTrailerSize);
        BinaryPrimitives.WriteUInt32BigEndian(trailer, index);
        trailer[4] = isLast ? (byte)1 : (byte)0;
    }

    // Streams may return fewer bytes than asked for; a chunk boundary must not depend on that.
    private static async ValueTask<int> ReadFullAsync(Stream stream, Memory<byte> buffer, CancellationToken ct)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer[total..], ct);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
