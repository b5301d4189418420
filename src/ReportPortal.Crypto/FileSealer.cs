using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ReportPortal.Crypto;

/// <summary>
/// Streams files through AES-256-GCM in 64 KiB chunks so memory stays flat whatever the file size.
/// Layout: [version 0x02][8-byte random file nonce prefix], then per chunk [ciphertext][16-byte tag].
/// The plaintext P is padded to P || 0x80 || 0x00... up to the next multiple of <see cref="ChunkSize"/>
/// (a P that is already a multiple gets one more chunk of padding), so every chunk holds exactly ChunkSize
/// bytes, the padding lies wholly in the last chunk, and the stored size reveals only the number of chunks.
/// Nonce of chunk i: prefix || uint32-be(i). Associated data: the SealContext encoding with the
/// file-chunk purpose, then uint32-be(i) and a last-chunk flag byte. The index stops reordering and
/// removal, the flag stops truncation at a chunk boundary and extension, the prefix stops splicing
/// chunks between files of the same context, and the context stops moving chunks between fields.
/// Version 0x01 (unpadded last chunk) was never deployed and is refused.
/// </summary>
public static class FileSealer
{
    public const int ChunkSize = 65536;

    internal const byte Version = 0x02;
    internal const byte PaddingMarker = 0x80;
    internal const int NoncePrefixSize = 8;
    internal const int HeaderSize = 1 + NoncePrefixSize;
    internal const int SealedChunkSize = ChunkSize + GcmBlob.TagSize;
    internal const string Purpose = "reportportal/file/chunk";

    private const int ChunkTrailerSize = 4 + 1;

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

        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        var sealedChunk = ArrayPool<byte>.Shared.Rent(SealedChunkSize);
        try
        {
            using var aes = new AesGcm(key.Span, GcmBlob.TagSize);
            await output.WriteAsync(header, ct);
            for (uint index = 0; ; index++)
            {
                ct.ThrowIfCancellationRequested();
                var length = await ReadFullAsync(plaintext, chunk.AsMemory(0, ChunkSize), ct);

                // Padding adds at least one byte, so a full chunk of plaintext is never the last chunk and
                // there is no need to read ahead to find the end.
                var isLast = length < ChunkSize;
                if (isLast)
                {
                    chunk[length] = PaddingMarker;
                    chunk.AsSpan((length + 1)..ChunkSize).Clear();
                }

                EncryptChunk(aes, header.AsSpan(1), index, isLast, ad, chunk.AsSpan(0, ChunkSize), sealedChunk);
                await output.WriteAsync(sealedChunk.AsMemory(0, SealedChunkSize), ct);
                if (isLast)
                {
                    return;
                }

                if (index == uint.MaxValue)
                {
                    throw new IOException("File is too large to seal.");
                }
            }
        }
        finally
        {
            // Plaintext passed through these buffers; the shared pool must not hand it to anyone else.
            ArrayPool<byte>.Shared.Return(chunk, clearArray: true);
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
            using var aes = new AesGcm(key.Span, GcmBlob.TagSize);
            var currentLength = await ReadFullAsync(sealedInput, current.AsMemory(0, SealedChunkSize), ct);
            for (uint index = 0; ; index++)
            {
                ct.ThrowIfCancellationRequested();

                // Every chunk is full size, so a short one can only be a cut-off file.
                if (currentLength != SealedChunkSize)
                {
                    throw new CryptographicException("Sealed file is truncated.");
                }

                var nextLength = await ReadFullAsync(sealedInput, next.AsMemory(0, SealedChunkSize), ct);
                var isLast = nextLength == 0;
                DecryptChunk(aes, header.AsSpan(1), index, isLast, ad, current.AsSpan(0, SealedChunkSize), plainChunk.AsSpan(0, ChunkSize));
                var plainLength = isLast ? UnpaddedLength(plainChunk.AsSpan(0, ChunkSize)) : ChunkSize;
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

    /// <summary>
    /// The chunk authenticated, so bad padding means a writer bug or a foreign format: refused, not guessed
    /// around. No padding oracle follows from checking it, because nobody without the key can make a chunk
    /// that authenticates.
    /// </summary>
    private static int UnpaddedLength(ReadOnlySpan<byte> lastChunk)
    {
        var marker = lastChunk.LastIndexOfAnyExcept((byte)0);
        if (marker < 0 || lastChunk[marker] != PaddingMarker)
        {
            throw new CryptographicException("Sealed file has invalid padding.");
        }

        return marker;
    }

    private static void EncryptChunk(AesGcm aes, ReadOnlySpan<byte> noncePrefix, uint index, bool isLast, byte[] ad, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        Span<byte> nonce = stackalloc byte[GcmBlob.NonceSize];
        PrepareChunk(noncePrefix, index, isLast, ad, nonce);
        aes.Encrypt(nonce, plaintext, destination[..plaintext.Length], destination.Slice(plaintext.Length, GcmBlob.TagSize), ad);
    }

    private static void DecryptChunk(AesGcm aes, ReadOnlySpan<byte> noncePrefix, uint index, bool isLast, byte[] ad, ReadOnlySpan<byte> sealedChunk, Span<byte> destination)
    {
        Span<byte> nonce = stackalloc byte[GcmBlob.NonceSize];
        PrepareChunk(noncePrefix, index, isLast, ad, nonce);
        var ciphertextLength = sealedChunk.Length - GcmBlob.TagSize;
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
