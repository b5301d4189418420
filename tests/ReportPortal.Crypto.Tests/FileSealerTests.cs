using System.Security.Cryptography;
using static ReportPortal.Crypto.Tests.TestData;

namespace ReportPortal.Crypto.Tests;

public class FileSealerTests
{
    private const int Header = 9;
    private const int SealedChunk = FileSealer.ChunkSize + 16;
    private const int Chunk = FileSealer.ChunkSize;

    private static readonly byte[] FixedKey = SequentialBytes(32, 0x40);
    private static readonly byte[] FixedPrefix = Hex("0102030405060708");

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(Chunk - 1)]
    [InlineData(Chunk)]
    [InlineData(Chunk + 1)]
    [InlineData(2 * Chunk)]
    [InlineData(200_000)]
    [InlineData((5 * 1024 * 1024) + 3)]
    public async Task Seal_then_Open_round_trips(int length)
    {
        var key = CaseKey.Generate();
        var plaintext = RandomBytes(length);

        var sealedFile = await SealAsync(key, plaintext, Context);

        // Padding always adds at least one byte, so a length that fills whole chunks gets one more.
        Assert.Equal(ChunkStart((length / Chunk) + 1), sealedFile.Length);
        Assert.Equal(0x02, sealedFile[0]);
        Assert.Equal(plaintext, await OpenAsync(key, sealedFile, Context));
    }

    [Fact]
    public async Task Empty_file_is_one_chunk_of_padding()
    {
        var key = CaseKey.Generate();

        var sealedFile = await SealAsync(key, [], Context);

        Assert.Equal(ChunkStart(1), sealedFile.Length);
        Assert.Empty(await OpenAsync(key, sealedFile, Context));
        await AssertRejectedAsync(key, sealedFile[..Header]);
    }

    [Fact]
    public async Task Sealed_size_reveals_only_the_number_of_chunks()
    {
        var key = CaseKey.Generate();

        foreach (var length in new[] { 0, 1, 1000, Chunk - 1 })
        {
            Assert.Equal(ChunkStart(1), (await SealAsync(key, RandomBytes(length), Context)).Length);
        }
    }

    [Fact]
    public async Task Version_1_files_are_refused()
    {
        var key = CaseKey.Generate();
        var sealedFile = await SealAsync(key, RandomBytes(100), Context);
        sealedFile[0] = 0x01;

        var e = await AssertRejectedAsync(key, sealedFile);
        Assert.Contains("version", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Chunking_does_not_depend_on_how_the_streams_split_reads()
    {
        var key = CaseKey.Generate();
        var plaintext = RandomBytes((3 * Chunk) + 12345);

        using var sealedOutput = new MemoryStream();
        await FileSealer.SealAsync(key, new TrickleStream(new MemoryStream(plaintext), seed: 1), sealedOutput, Context);
        var sealedFile = sealedOutput.ToArray();
        Assert.Equal(ChunkStart(4), sealedFile.Length);

        using var opened = new MemoryStream();
        await FileSealer.OpenAsync(key, new TrickleStream(new MemoryStream(sealedFile), seed: 2), opened, Context);
        Assert.Equal(plaintext, opened.ToArray());
    }

    [Fact]
    public async Task Output_matches_known_answer_computed_from_the_documented_layout()
    {
        var plaintext = SequentialBytes(Chunk + 5);

        var actual = await SealAsync(FixedKey, plaintext, Context, FixedPrefix);

        byte[] padded = [.. plaintext[Chunk..], 0x80, .. new byte[Chunk - 6]];
        byte[] expected = [0x02, .. FixedPrefix, .. SealChunkByHand(plaintext[..Chunk], 0, false), .. SealChunkByHand(padded, 1, true)];
        Assert.Equal(expected, actual);

        // Computed independently from docs/crypto-format.md with pyca/cryptography (Vectors/make_vectors.py,
        // vector "file-chunk-and-five").
        Assert.Equal(FileKnownAnswerSha256, Convert.ToHexStringLower(SHA256.HashData(actual)));
        Assert.Equal(plaintext, await OpenAsync(FixedKey, actual, Context));
    }

    public static TheoryData<string, byte[]> MalformedLastChunks()
    {
        var noMarker = new byte[Chunk];
        var wrongMarker = new byte[Chunk];
        wrongMarker[10] = 0x7F;
        var byteAfterMarker = new byte[Chunk];
        byteAfterMarker[10] = 0x80;
        byteAfterMarker[Chunk - 1] = 0x01;
        var markerThenData = SequentialBytes(Chunk, 1);
        return new()
        {
            { "all zeros", noMarker },
            { "last non-zero byte is not 0x80", wrongMarker },
            { "non-zero byte after the marker", byteAfterMarker },
            { "no padding at all", markerThenData },
        };
    }

    [Theory]
    [MemberData(nameof(MalformedLastChunks))]
    public async Task Authentic_last_chunk_with_malformed_padding_is_refused(string why, byte[] lastChunk)
    {
        byte[] sealedFile = [0x02, .. FixedPrefix, .. SealChunkByHand(SequentialBytes(Chunk), 0, false), .. SealChunkByHand(lastChunk, 1, true)];

        var e = await AssertRejectedAsync(FixedKey, sealedFile);
        Assert.True(e.Message.Contains("padding", StringComparison.OrdinalIgnoreCase), why);
    }

    [Fact]
    public async Task Well_formed_hand_made_padding_opens()
    {
        // The marker as the very last byte of the chunk, and the marker as its first byte.
        byte[] markerLast = [.. SequentialBytes(Chunk - 1, 1), 0x80];
        byte[] markerFirst = [0x80, .. new byte[Chunk - 1]];

        Assert.Equal(markerLast[..^1], await OpenAsync(FixedKey, [0x02, .. FixedPrefix, .. SealChunkByHand(markerLast, 0, true)], Context));
        Assert.Empty(await OpenAsync(FixedKey, [0x02, .. FixedPrefix, .. SealChunkByHand(markerFirst, 0, true)], Context));
    }

    [Fact]
    public async Task Nothing_of_a_tampered_last_chunk_is_written()
    {
        var (key, sealedFile) = await SealFourChunksAsync();
        var tampered = Flip(sealedFile, ChunkStart(3) + 50);
        var sink = new CheckingSink(expectPattern: false);

        await Assert.ThrowsAnyAsync<CryptographicException>(() => FileSealer.OpenAsync(key, new MemoryStream(tampered), sink, Context));

        Assert.Equal(3 * Chunk, sink.BytesWritten);
    }

    [Fact]
    public async Task Removed_chunk_is_detected()
    {
        var (key, sealedFile) = await SealFourChunksAsync();

        var tampered = Without(sealedFile, ChunkStart(1), SealedChunk);

        await AssertRejectedAsync(key, tampered);
    }

    [Fact]
    public async Task Swapped_chunks_are_detected()
    {
        var (key, sealedFile) = await SealFourChunksAsync();

        var tampered = (byte[])sealedFile.Clone();
        sealedFile.AsSpan(ChunkStart(0), SealedChunk).CopyTo(tampered.AsSpan(ChunkStart(1)));
        sealedFile.AsSpan(ChunkStart(1), SealedChunk).CopyTo(tampered.AsSpan(ChunkStart(0)));

        await AssertRejectedAsync(key, tampered);
    }

    [Fact]
    public async Task Dropped_last_chunk_is_detected()
    {
        var (key, sealedFile) = await SealFourChunksAsync();

        await AssertRejectedAsync(key, sealedFile[..ChunkStart(3)]);
    }

    [Fact]
    public async Task Dropped_padding_only_last_chunk_is_detected()
    {
        // Without the last-chunk flag this truncation would leave a perfectly valid-looking file.
        var key = CaseKey.Generate();
        var sealedFile = await SealAsync(key, RandomBytes(2 * Chunk), Context);
        Assert.Equal(ChunkStart(3), sealedFile.Length);

        await AssertRejectedAsync(key, sealedFile[..ChunkStart(2)]);
        await AssertRejectedAsync(key, sealedFile[..ChunkStart(1)]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(SealedChunk)]
    public async Task Appended_bytes_are_detected(int extra)
    {
        var (key, sealedFile) = await SealFourChunksAsync();

        await AssertRejectedAsync(key, [.. sealedFile, .. new byte[extra]]);
    }

    [Fact]
    public async Task Appending_a_copy_of_an_authentic_chunk_is_detected()
    {
        var key = CaseKey.Generate();
        var sealedFile = await SealAsync(key, RandomBytes(2 * Chunk), Context);

        await AssertRejectedAsync(key, [.. sealedFile, .. sealedFile.AsSpan(ChunkStart(1), SealedChunk)]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(24)]
    public async Task Truncated_to_almost_nothing_is_detected(int length)
    {
        var (key, sealedFile) = await SealFourChunksAsync();

        await AssertRejectedAsync(key, sealedFile[..length]);
    }

    [Fact]
    public async Task Truncated_by_one_byte_is_detected()
    {
        var (key, sealedFile) = await SealFourChunksAsync();

        await AssertRejectedAsync(key, sealedFile[..^1]);
    }

    [Theory]
    [InlineData("version")]
    [InlineData("nonce-prefix")]
    [InlineData("first-chunk-ciphertext")]
    [InlineData("first-chunk-tag")]
    [InlineData("middle-chunk-ciphertext")]
    [InlineData("last-chunk-ciphertext")]
    [InlineData("last-chunk-tag")]
    public async Task Flipped_byte_is_detected(string where)
    {
        var (key, sealedFile) = await SealFourChunksAsync();
        var index = where switch
        {
            "version" => 0,
            "nonce-prefix" => 5,
            "first-chunk-ciphertext" => ChunkStart(0),
            "first-chunk-tag" => ChunkStart(1) - 1,
            "middle-chunk-ciphertext" => ChunkStart(2) + 1000,
            "last-chunk-ciphertext" => ChunkStart(3) + 3,
            "last-chunk-tag" => sealedFile.Length - 1,
            _ => throw new ArgumentOutOfRangeException(nameof(where)),
        };

        await AssertRejectedAsync(key, Flip(sealedFile, index));
    }

    [Fact]
    public async Task Byte_flips_across_a_small_file_are_detected()
    {
        // Every byte of the header, of the data and the padding marker, and of the tag; a stride through the
        // zero padding, since flipping each of its 65,000 bytes would make the test slow, not stronger.
        var key = CaseKey.Generate();
        var sealedFile = await SealAsync(key, RandomBytes(40), Context);
        var indices = Enumerable.Range(0, Header + 41)
            .Concat(Enumerable.Range(Header + 41, SealedChunk - 57).Where(i => i % 509 == 0))
            .Concat(Enumerable.Range(sealedFile.Length - 16, 16));

        foreach (var index in indices)
        {
            await AssertRejectedAsync(key, Flip(sealedFile, index, 0x10));
        }
    }

    [Fact]
    public async Task Chunk_moved_into_a_file_of_another_context_is_detected()
    {
        // Same key and the same nonce prefix, so only the context in the associated data can tell them apart.
        var key = CaseKey.Generate();
        var plaintext = RandomBytes((2 * Chunk) + 10);
        var other = new SealContext(CaseB, RecordB, "attachment");
        var fileA = await SealAsync(key, plaintext, Context, FixedPrefix);
        var fileB = await SealAsync(key, plaintext, other, FixedPrefix);
        Assert.Equal(plaintext, await OpenAsync(key, fileB, other));

        var spliced = (byte[])fileB.Clone();
        fileA.AsSpan(ChunkStart(1), SealedChunk).CopyTo(spliced.AsSpan(ChunkStart(1)));

        await AssertRejectedAsync(key, spliced, other);
    }

    [Fact]
    public async Task Chunk_moved_between_two_files_of_the_same_context_is_detected()
    {
        var key = CaseKey.Generate();
        var fileA = await SealAsync(key, RandomBytes((2 * Chunk) + 10), Context);
        var fileB = await SealAsync(key, RandomBytes((2 * Chunk) + 10), Context);

        var spliced = (byte[])fileB.Clone();
        fileA.AsSpan(ChunkStart(1), SealedChunk).CopyTo(spliced.AsSpan(ChunkStart(1)));

        await AssertRejectedAsync(key, spliced);
    }

    [Theory]
    [MemberData(nameof(SealerTests.OtherContexts), MemberType = typeof(SealerTests))]
    public async Task Whole_file_cannot_be_opened_in_another_context(SealContext other)
    {
        var key = CaseKey.Generate();
        var sealedFile = await SealAsync(key, RandomBytes(1000), Context);

        await AssertRejectedAsync(key, sealedFile, other);
    }

    [Fact]
    public async Task Wrong_key_is_rejected()
    {
        var sealedFile = await SealAsync(CaseKey.Generate(), RandomBytes(1000), Context);

        await AssertRejectedAsync(CaseKey.Generate(), sealedFile);
    }

    [Fact]
    public async Task Keys_that_are_not_32_bytes_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => FileSealer.SealAsync(new byte[16], new MemoryStream(), new MemoryStream(), Context));
        await Assert.ThrowsAsync<ArgumentException>(() => FileSealer.OpenAsync(new byte[16], new MemoryStream(), new MemoryStream(), Context));
    }

    [Fact]
    public async Task Cancellation_is_honoured()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            FileSealer.SealAsync(CaseKey.Generate(), new PatternStream(10 * Chunk), new CheckingSink(false), Context, cancelled.Token));
    }

    [Fact]
    public async Task Sealing_and_opening_stream_with_at_most_two_chunks_in_flight()
    {
        // A non-seekable source and sink: if either side buffered the whole file, the gap between what has
        // been read and what has been written would grow with the file instead of staying under two chunks.
        const long length = (20L * Chunk) + 777;
        var key = CaseKey.Generate();
        var source = new PatternStream(length);
        long largestGap = 0;
        using var sealedOutput = new MemoryStream();
        var sealingSink = new GapStream(sealedOutput, () => source.BytesRead, gap => largestGap = Math.Max(largestGap, gap));

        await FileSealer.SealAsync(key, source, sealingSink, Context);

        Assert.Equal(length, source.BytesRead);
        Assert.InRange(largestGap, 0, 2 * Chunk);

        var sealedInput = new CountingReadStream(new MemoryStream(sealedOutput.ToArray()));
        largestGap = 0;
        var openingSink = new CheckingSink(expectPattern: true)
        {
            OnWrite = written => largestGap = Math.Max(largestGap, sealedInput.BytesRead - written),
        };

        await FileSealer.OpenAsync(key, sealedInput, openingSink, Context);

        Assert.Equal(length, openingSink.BytesWritten);
        Assert.InRange(largestGap, 0, Header + (2 * SealedChunk) + (21 * 16));
    }

    [Fact]
    public async Task Memory_allocated_does_not_grow_with_file_size()
    {
        var key = CaseKey.Generate();
        SealAndMeasure(key, 2 * Chunk);

        var small = SealAndMeasure(key, 1024 * 1024);
        var large = SealAndMeasure(key, 32L * 1024 * 1024);

        // 32 MiB through the sealer; loading it, or allocating a buffer per chunk, would cost at least that much.
        // The slack covers the shared array pool refilling its three buffers if a GC trimmed it meanwhile.
        Assert.InRange(large - small, long.MinValue, 2 * 1024 * 1024);

        using var sealedLarge = new MemoryStream();
        await FileSealer.SealAsync(key, new PatternStream(32L * 1024 * 1024), sealedLarge, Context);
        sealedLarge.Position = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var open = FileSealer.OpenAsync(key, sealedLarge, new CheckingSink(expectPattern: true), Context);
        Assert.True(open.IsCompletedSuccessfully);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 2 * 1024 * 1024);
    }

    private static long SealAndMeasure(byte[] key, long length)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var task = FileSealer.SealAsync(key, new PatternStream(length), new CheckingSink(false), Context);

        // The test streams complete synchronously, so all the work ran on this thread and was counted.
        Assert.True(task.IsCompletedSuccessfully);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static async Task<(byte[] Key, byte[] SealedFile)> SealFourChunksAsync()
    {
        var key = CaseKey.Generate();
        var sealedFile = await SealAsync(key, RandomBytes((3 * Chunk) + 100), Context);
        Assert.Equal(ChunkStart(4), sealedFile.Length);
        return (key, sealedFile);
    }

    private static int ChunkStart(int index) => Header + (index * SealedChunk);

    /// <summary>One chunk by hand from the documented layout: nonce = prefix || uint32-be(index); AD = context encoding || uint32-be(index) || last flag.</summary>
    private static byte[] SealChunkByHand(byte[] chunk, uint index, bool last)
    {
        byte[] ad = [0x02, .. LengthPrefixed("reportportal/file/chunk"), .. LengthPrefixed(GuidBytes(CaseA)), .. LengthPrefixed(GuidBytes(RecordA)), .. LengthPrefixed("narrative"), .. BigEndian(index), (byte)(last ? 1 : 0)];
        byte[] nonce = [.. FixedPrefix, .. BigEndian(index)];
        var ciphertext = new byte[chunk.Length];
        var tag = new byte[16];
        using var aes = new AesGcm(FixedKey, 16);
        aes.Encrypt(nonce, chunk, ciphertext, tag, ad);
        return [.. ciphertext, .. tag];
    }

    private static byte[] Without(byte[] data, int start, int length) => [.. data.AsSpan(0, start), .. data.AsSpan(start + length)];

    private static async Task<byte[]> SealAsync(byte[] key, byte[] plaintext, SealContext context, byte[]? prefix = null)
    {
        using var output = new MemoryStream();
        if (prefix is null)
        {
            await FileSealer.SealAsync(key, new MemoryStream(plaintext), output, context);
        }
        else
        {
            await FileSealer.SealAsync(key, new MemoryStream(plaintext), output, context, prefix);
        }

        return output.ToArray();
    }

    private static async Task<byte[]> OpenAsync(byte[] key, byte[] sealedFile, SealContext context)
    {
        using var output = new MemoryStream();
        await FileSealer.OpenAsync(key, new MemoryStream(sealedFile), output, context);
        return output.ToArray();
    }

    private static Task<CryptographicException> AssertRejectedAsync(byte[] key, byte[] sealedFile, SealContext? context = null) =>
        Assert.ThrowsAnyAsync<CryptographicException>(() => OpenAsync(key, sealedFile, context ?? Context));

    private const string FileKnownAnswerSha256 = "587fdf3031f7b348db608380b7ef8c9f8fcaa4c1c20ddd0832f562e17d0f8e3a";

    /// <summary>Forwards writes and reports how far the source has been read beyond what was written.</summary>
    private sealed class GapStream(Stream inner, Func<long> sourceRead, Action<long> report) : Stream
    {
        private long _plaintextWritten;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            // Everything but the header is a chunk of ciphertext plus a 16-byte tag.
            if (buffer.Length > Header)
            {
                report(sourceRead() - _plaintextWritten);
                _plaintextWritten += buffer.Length - 16;
            }

            inner.Write(buffer);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private sealed class CountingReadStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            BytesRead += read;
            return read;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
