using System.Security.Cryptography;
using System.Text;

namespace ReportPortal.Crypto;

/// <summary>
/// Derives one key per use from a root secret held in a process's settings, so no key ever serves two
/// purposes: a leak or misuse in one domain (say, submission tokens) says nothing about another
/// (receipt lookups). Key = HKDF-SHA256(ikm = root, salt = empty, info = "reportportal/subkey/v1/" + label, 32 bytes).
/// </summary>
public static class SubKeys
{
    internal const string InfoPrefix = "reportportal/subkey/v1/";

    public static byte[] Derive(ReadOnlySpan<byte> root, string label)
    {
        KeyRules.RequireSecret(root, nameof(root));
        ArgumentException.ThrowIfNullOrEmpty(label);
        var key = new byte[CaseKey.Size];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, root, key, [], Encoding.UTF8.GetBytes(InfoPrefix + label));
        return key;
    }

    /// <summary>A short public identifier of a public key (hex of the first 16 bytes of SHA-256 over its SPKI).</summary>
    public static string KeyId(ReadOnlySpan<byte> publicKeySpki)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(publicKeySpki, digest);
        return Convert.ToHexStringLower(digest[..16]);
    }
}
