using Microsoft.Extensions.Configuration;
using ReportPortal.Crypto;

namespace ReportPortal.Core.Secrets;

/// <summary>
/// Keys that live outside the database and its backups (configuration, a secrets file or a vault).
/// Without them a database copy cannot be used to look up receipts, match blind indexes or read the
/// Data Protection key ring.
/// </summary>
public sealed class ServiceSecrets
{
    public const string Section = "ReportPortal:Secrets";

    public ServiceSecrets(byte[] lookupPepper, byte[] indexKey, byte[] dataProtectionKey, byte[] staffKeyPepper, byte[] escrowPublicKey)
    {
        LookupPepper = lookupPepper;
        IndexKey = indexKey;
        DataProtectionKey = dataProtectionKey;
        StaffKeyPepper = staffKeyPepper;
        EscrowPublicKey = escrowPublicKey;
    }

    /// <summary>Keys the receipt HMAC, so receipts cannot be guessed against a stolen table.</summary>
    public byte[] LookupPepper { get; }

    /// <summary>Keys blind indexes of subjects, groups and evidence hashes.</summary>
    public byte[] IndexKey { get; }

    /// <summary>Encrypts the Data Protection key ring at rest.</summary>
    public byte[] DataProtectionKey { get; }

    /// <summary>Combined with staff passwords to wrap their private keys.</summary>
    public byte[] StaffKeyPepper { get; }

    /// <summary>Public half of the offline escrow key (SPKI DER); every case is granted to it.</summary>
    public byte[] EscrowPublicKey { get; }

    public static ServiceSecrets FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var escrowPem = configuration["ReportPortal:EscrowPublicKey"];
        if (string.IsNullOrWhiteSpace(escrowPem))
        {
            throw new InvalidOperationException(
                "ReportPortal:EscrowPublicKey is not set. Generate an escrow key pair with the operator tool (new-settings) and configure its public half.");
        }

        return new ServiceSecrets(
            Key(section, "LookupPepper"),
            Key(section, "IndexKey"),
            Key(section, "DataProtectionKey"),
            Key(section, "StaffKeyPepper"),
            KeyPair.PublicKeyFromPem(escrowPem));
    }

    private static byte[] Key(IConfigurationSection section, string name)
    {
        var value = section[name];
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException($"{Section}:{name} is not set. It must be 32 random bytes in base64.");
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{Section}:{name} is not valid base64.");
        }

        return bytes.Length == 32
            ? bytes
            : throw new InvalidOperationException($"{Section}:{name} must be exactly 32 bytes; it has {bytes.Length}.");
    }

    /// <summary>Fresh secrets for a new deployment, as written by the operator tool.</summary>
    public static Dictionary<string, string> Generate() => new()
    {
        ["LookupPepper"] = NewKey(),
        ["IndexKey"] = NewKey(),
        ["DataProtectionKey"] = NewKey(),
        ["StaffKeyPepper"] = NewKey(),
    };

    private static string NewKey() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
}
