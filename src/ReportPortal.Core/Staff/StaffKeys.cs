using System.Security.Cryptography;
using System.Text;
using ReportPortal.Crypto;

namespace ReportPortal.Core.Staff;

/// <summary>
/// A staff member's key pair: created at enrolment, the private half stored only wrapped under their
/// password and the server pepper, the public half pinned to the account by a MAC under an internal key
/// so that a database writer cannot substitute their own public key and receive future grants.
/// </summary>
public static class StaffKeys
{
    internal const string PinLabel = "reportportal/staff-key-pin/v1";

    /// <summary>HMAC-SHA256(pin key, UTF-8 label || 0x00 || staff id (16 bytes, big-endian) || SPKI).</summary>
    public static byte[] Pin(ReadOnlySpan<byte> pinKey, Guid staffMemberId, ReadOnlySpan<byte> publicKeySpki)
    {
        var label = Encoding.ASCII.GetBytes(PinLabel);
        var message = new byte[label.Length + 1 + 16 + publicKeySpki.Length];
        label.CopyTo(message, 0);
        staffMemberId.TryWriteBytes(message.AsSpan(label.Length + 1, 16), bigEndian: true, out _);
        publicKeySpki.CopyTo(message.AsSpan(label.Length + 17));
        return HMACSHA256.HashData(pinKey, message);
    }

    /// <summary>Gives the member a fresh key pair; the private key leaves only wrapped under <paramref name="password"/> and the pepper.</summary>
    public static void Enrol(StaffMember member, string password, ReadOnlySpan<byte> pepper, ReadOnlySpan<byte> pinKey)
    {
        using var pair = KeyPair.Generate();
        var pkcs8 = pair.ExportPkcs8();
        try
        {
            member.PublicKey = pair.PublicKeySpki;
            member.WrappedPrivateKey = PasswordKeyWrap.Wrap(pkcs8, password, pepper);
            member.PublicKeyPin = Pin(pinKey, member.Id, member.PublicKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>The member's public key, only if its pin verifies: nothing is ever wrapped to an unpinned key.</summary>
    public static byte[] VerifiedPublicKey(StaffMember member, ReadOnlySpan<byte> pinKey)
    {
        var expected = Pin(pinKey, member.Id, member.PublicKey);
        return CryptographicOperations.FixedTimeEquals(expected, member.PublicKeyPin)
            ? member.PublicKey
            : throw new CryptographicException("This staff member's public key does not match its pin: it may have been replaced. No key is wrapped to it.");
    }

    /// <summary>
    /// Escrow recovery: gives the member <paramref name="pair"/> (new, made by the operator tool), its private
    /// half wrapped under the recovery link's token and the pepper until the member sets a password, and pins it.
    /// The old password no longer opens anything.
    /// </summary>
    public static void WrapForRecoveryLink(StaffMember member, KeyPair pair, string token, ReadOnlySpan<byte> pepper, ReadOnlySpan<byte> pinKey)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(pair);
        var pkcs8 = pair.ExportPkcs8();
        try
        {
            member.PublicKey = pair.PublicKeySpki;
            member.WrappedPrivateKey = PasswordKeyWrap.Wrap(pkcs8, token, pepper);
            member.PublicKeyPin = Pin(pinKey, member.Id, member.PublicKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>
    /// After recovery: moves the key pair from under the link's token to under the new password. False
    /// (nothing changed) when the token does not open it, e.g. a link that was not the recovery link.
    /// </summary>
    public static bool TryRewrapRecovered(StaffMember member, string token, string password, ReadOnlySpan<byte> pepper)
    {
        ArgumentNullException.ThrowIfNull(member);
        byte[] pkcs8;
        try
        {
            pkcs8 = PasswordKeyWrap.Unwrap(member.WrappedPrivateKey, token, pepper);
        }
        catch (CryptographicException)
        {
            return false;
        }

        try
        {
            member.WrappedPrivateKey = PasswordKeyWrap.Wrap(pkcs8, password, pepper);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>Unwraps the member's private key with their password; throws CryptographicException for a wrong password.</summary>
    public static KeyPair Unlock(StaffMember member, string password, ReadOnlySpan<byte> pepper)
    {
        var pkcs8 = PasswordKeyWrap.Unwrap(member.WrappedPrivateKey, password, pepper);
        try
        {
            return KeyPair.FromPkcs8(pkcs8);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }
}
