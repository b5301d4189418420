using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ReportPortal.StaffFace.Accounts;

/// <summary>
/// RFC 6238 time-based one-time codes as every authenticator app computes them: HMAC-SHA1, 30-second
/// steps, six digits. Identity's own TOTP provider uses three-minute steps for e-mailed codes, so it is
/// not the one authenticator apps understand.
/// </summary>
public static class Totp
{
    public const int StepSeconds = 30;
    public const int SecretSize = Core.Staff.StaffInvitations.TotpSecretSize;

    public static long StepAt(DateTimeOffset time) => time.ToUnixTimeSeconds() / StepSeconds;

    public static string Code(ReadOnlySpan<byte> secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[20];
        // SHA-1 is what RFC 6238 and every authenticator app use; as an HMAC it has no known weakness.
#pragma warning disable CA5350
        HMACSHA1.HashData(secret, counter, hash);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var value = (BinaryPrimitives.ReadInt32BigEndian(hash[offset..]) & 0x7FFF_FFFF) % 1_000_000;
        return value.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The step the code belongs to, allowing one step of clock drift either way, but only steps later than
    /// <paramref name="lastAcceptedStep"/>: a code once accepted never works again. Null when it matches none.
    /// </summary>
    public static long? Match(ReadOnlySpan<byte> secret, string? code, DateTimeOffset now, long lastAcceptedStep)
    {
        var typed = new string((code ?? string.Empty).Where(char.IsAsciiDigit).ToArray());
        if (typed.Length != 6)
        {
            return null;
        }

        var current = StepAt(now);
        long? matched = null;
        // Every candidate is computed and compared in constant time, so timing says nothing about which matched.
        for (var step = current - 1; step <= current + 1; step++)
        {
            var candidate = System.Text.Encoding.ASCII.GetBytes(Code(secret, step));
            if (CryptographicOperations.FixedTimeEquals(candidate, System.Text.Encoding.ASCII.GetBytes(typed)) && step > lastAcceptedStep)
            {
                matched = step;
            }
        }

        return matched;
    }

    /// <summary>RFC 4648 base32 without padding, the form authenticator apps accept typed in.</summary>
    public static string Base32(ReadOnlySpan<byte> data)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var text = new System.Text.StringBuilder();
        int buffer = 0, bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            text.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return text.ToString();
    }

    public static byte[] FromBase32(string text)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.ToUpperInvariant().Where(c => c is not (' ' or '=' or '-')))
        {
            var value = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
            {
                throw new FormatException("Not base32.");
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }

    /// <summary>The otpauth URI the QR code carries.</summary>
    public static string Uri(string issuer, string account, ReadOnlySpan<byte> secret) =>
        $"otpauth://totp/{System.Uri.EscapeDataString(issuer)}:{System.Uri.EscapeDataString(account)}?secret={Base32(secret)}&issuer={System.Uri.EscapeDataString(issuer)}&digits=6&period={StepSeconds}";
}
