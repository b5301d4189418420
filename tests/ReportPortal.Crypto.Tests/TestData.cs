using System.Security.Cryptography;

namespace ReportPortal.Crypto.Tests;

internal static class TestData
{
    internal static readonly Guid CaseA = Guid.Parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
    internal static readonly Guid CaseB = Guid.Parse("9a8b7c6d-5e4f-4031-a2b3-c4d5e6f70819");
    internal static readonly Guid RecordA = Guid.Parse("11111111-2222-3333-4444-555555555555");
    internal static readonly Guid RecordB = Guid.Parse("66666666-7777-4888-9999-aaaaaaaaaaaa");

    internal static readonly SealContext Context = new(CaseA, RecordA, "narrative");

    internal static byte[] SequentialBytes(int length, int start = 0)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)(start + i);
        }

        return bytes;
    }

    internal static byte[] RandomBytes(int length) => RandomNumberGenerator.GetBytes(length);

    internal static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    /// <summary>A Guid's RFC 9562 (big-endian) bytes, read straight from its textual form.</summary>
    internal static byte[] GuidBytes(Guid guid) => Convert.FromHexString(guid.ToString("N"));

    internal static byte[] BigEndian(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    /// <summary>4-byte big-endian length, then the bytes: the documented encoding, written out by hand.</summary>
    internal static byte[] LengthPrefixed(byte[] value) => [.. BigEndian((uint)value.Length), .. value];

    internal static byte[] LengthPrefixed(string value) => LengthPrefixed(System.Text.Encoding.UTF8.GetBytes(value));

    /// <summary>RFC 5869 HKDF written from HMAC, independent of System.Security.Cryptography.HKDF.</summary>
    internal static byte[] Hkdf(byte[] ikm, byte[] salt, byte[] info, int length)
    {
        var prk = HMACSHA256.HashData(salt, ikm);
        var output = new List<byte>();
        var previous = Array.Empty<byte>();
        for (byte counter = 1; output.Count < length; counter++)
        {
            byte[] block = [.. previous, .. info, counter];
            previous = HMACSHA256.HashData(prk, block);
            output.AddRange(previous);
        }

        return [.. output.Take(length)];
    }

    internal static byte[] Flip(byte[] data, int index, byte mask = 0x01)
    {
        var copy = (byte[])data.Clone();
        copy[index] ^= mask;
        return copy;
    }
}
