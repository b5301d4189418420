using System.Buffers.Text;
using System.Security.Cryptography;

namespace ReportPortal.Crypto;

/// <summary>
/// The secret an API client presents: a fixed prefix, so a key pasted somewhere it should not be is easy to
/// recognise and scan for, then 256 random bits in URL-safe base64. It is shown once and stored only as a
/// keyed hash (a blind index), which is enough: with 256 bits there is nothing to guess.
/// </summary>
public static class ApiKeyToken
{
    public const string Prefix = "rphr_";

    private const int RandomBytes = 32;

    /// <summary>The length of every key <see cref="Generate"/> makes: the prefix and 43 base64url characters.</summary>
    public static readonly int Length = Prefix.Length + Base64Url.GetEncodedLength(RandomBytes);

    public static string Generate()
    {
        Span<byte> random = stackalloc byte[RandomBytes];
        RandomNumberGenerator.Fill(random);
        try
        {
            return Prefix + Base64Url.EncodeToString(random);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(random);
        }
    }

    /// <summary>Whether a presented value has the shape of a key (checked before any hashing or lookup).</summary>
    public static bool HasKeyShape(string? value) =>
        value is not null && value.Length == Length && value.StartsWith(Prefix, StringComparison.Ordinal)
        && Base64Url.IsValid(value.AsSpan(Prefix.Length));
}
