using System.Buffers.Binary;
using System.Text;

namespace ReportPortal.Crypto;

/// <summary>
/// Writes associated data and MAC inputs. Every variable-length element is preceded by its
/// 4-byte big-endian length, so no two different sequences of elements encode to the same bytes.
/// </summary>
internal ref struct CanonicalWriter
{
    internal const int LengthPrefixSize = 4;
    internal const int GuidSize = 16;

    // Throwing on unpaired surrogates keeps the encoding injective: a replacement character
    // would let two different strings produce the same bytes.
    internal static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Span<byte> _buffer;
    private int _position;

    internal CanonicalWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    internal readonly int Position => _position;

    internal static int LengthPrefixedUtf8Size(string value) => LengthPrefixSize + StrictUtf8.GetByteCount(value);

    internal static int LengthPrefixedSize(int byteCount) => LengthPrefixSize + byteCount;

    internal void WriteByte(byte value)
    {
        _buffer[_position] = value;
        _position++;
    }

    internal void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer[_position..], value);
        _position += 4;
    }

    internal void WriteBytes(scoped ReadOnlySpan<byte> value)
    {
        value.CopyTo(_buffer[_position..]);
        _position += value.Length;
    }

    internal void WriteLengthPrefixed(scoped ReadOnlySpan<byte> value)
    {
        WriteUInt32((uint)value.Length);
        WriteBytes(value);
    }

    internal void WriteLengthPrefixedUtf8(string value)
    {
        var byteCount = StrictUtf8.GetByteCount(value);
        WriteUInt32((uint)byteCount);
        _position += StrictUtf8.GetBytes(value, _buffer.Slice(_position, byteCount));
    }

    // Big-endian (RFC 9562) byte order, so the encoding does not depend on .NET's mixed-endian layout.
    internal void WriteLengthPrefixedGuid(Guid value)
    {
        WriteUInt32(GuidSize);
        value.TryWriteBytes(_buffer.Slice(_position, GuidSize), bigEndian: true, out _);
        _position += GuidSize;
    }
}
