using System.Security.Cryptography;
using System.Text;
using ReportPortal.Crypto;

namespace ReportPortal.Core.Staff;

/// <summary>
/// A member's TOTP secret at rest (<see cref="StaffMember.TotpSecret"/>): the symmetric wrap of
/// docs/crypto-format.md section 6 under sub-key(StaffKeyPepper, "totp-secret"), with caller data naming
/// the member, so a copy of the database yields no authenticator secret and a sealed secret moved to
/// another account does not open.
/// </summary>
public static class TotpSecrets
{
    public const string SubKeyLabel = "totp-secret";
    private const string Label = "reportportal/totp-secret/v1/";

    public static byte[] Seal(ReadOnlySpan<byte> secret, Guid staffMemberId, byte[] pepper)
    {
        var key = SubKeys.Derive(pepper, SubKeyLabel);
        try
        {
            return KeyWrap.WrapWithKey(secret, key, Context(staffMemberId));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The plain secret (the caller wipes it); throws CryptographicException if it is not this member's.</summary>
    public static byte[] Open(byte[] sealedSecret, Guid staffMemberId, byte[] pepper)
    {
        var key = SubKeys.Derive(pepper, SubKeyLabel);
        try
        {
            return KeyWrap.UnwrapWithKey(sealedSecret, key, Context(staffMemberId));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Unsealed secrets are exactly this long; a sealed one is longer (version, nonce and tag).</summary>
    public static bool IsUnsealed(byte[] stored) => stored.Length == StaffInvitations.TotpSecretSize;

    public static byte[] Context(Guid staffMemberId) => Encoding.ASCII.GetBytes($"{Label}{staffMemberId:N}");
}
