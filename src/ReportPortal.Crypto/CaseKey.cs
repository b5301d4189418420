using System.Security.Cryptography;

namespace ReportPortal.Crypto;

/// <summary>The per-case data key (DEK) that seals every field, message, note and file of a case.</summary>
public static class CaseKey
{
    public const int Size = 32;

    public static byte[] Generate() => RandomNumberGenerator.GetBytes(Size);
}
