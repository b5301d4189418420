using ReportPortal.Core.Audit;
using ReportPortal.Core.Cases;
using ReportPortal.Core.DataProtection;
using ReportPortal.Core.Secrets;
using ReportPortal.Crypto;

namespace ReportPortal.StaffFace.Secrets;

/// <summary>
/// The internal side's secrets, from its own settings section: the pepper that (with a password)
/// unwraps staff private keys, the intake private key, the blind-index root, the key that pins staff
/// public keys, and the key of its own Data Protection ring. None of these is ever on the public server.
/// </summary>
public sealed class StaffSecrets : IDisposable
{
    public const string Section = "ReportPortal:Staff";

    private StaffSecrets(byte[] staffKeyPepper, byte[] indexRoot, byte[] keyPinKey, byte[] auditKey, byte[] dataProtectionKey, KeyPair intakeKey, byte[] escrowPublicKey, RetentionKeys retention)
    {
        AuditKey = new AuditKey(auditKey);
        StaffKeyPepper = staffKeyPepper;
        Indexes = new BlindIndexes(indexRoot);
        KeyPinKey = keyPinKey;
        DataProtectionKey = dataProtectionKey;
        IntakeKey = intakeKey;
        EscrowPublicKey = escrowPublicKey;
        Retention = retention;
    }

    public byte[] StaffKeyPepper { get; }

    public BlindIndexes Indexes { get; }

    public byte[] KeyPinKey { get; }

    /// <summary>MACs the audit chain, so nobody who can only write to the database can rewrite history.</summary>
    public AuditKey AuditKey { get; }

    public byte[] DataProtectionKey { get; }

    /// <summary>Opens the intake grant of each new report, once, to hand it on to the force's intake handlers.</summary>
    public KeyPair IntakeKey { get; }

    public byte[] EscrowPublicKey { get; }

    public RetentionKeys Retention { get; }

    public static StaffSecrets FromConfiguration(IConfiguration configuration)
    {
        SecretSettings.RefuseForeignSecrets(configuration, SecretSettings.StaffProcess);
        var intakePem = configuration[$"{Section}:IntakePrivateKey"];
        if (string.IsNullOrWhiteSpace(intakePem))
        {
            throw new InvalidOperationException($"{Section}:IntakePrivateKey is not set. It is the PEM private key written by ReportPortal.Operator new-settings.");
        }

        return new StaffSecrets(
            SecretSettings.Key(configuration, Section, "StaffKeyPepper"),
            SecretSettings.Key(configuration, Section, "IndexKey"),
            SecretSettings.Key(configuration, Section, "KeyPinKey"),
            SecretSettings.Key(configuration, Section, "AuditKey"),
            SecretSettings.Key(configuration, Section, "DataProtectionKey"),
            KeyPair.FromPem(intakePem),
            SecretSettings.PublicKey(configuration, "ReportPortal:EscrowPublicKey"),
            RetentionKeys.FromConfiguration(configuration));
    }

    public void Dispose() => IntakeKey.Dispose();
}

public static class StaffSecretsSetup
{
    public static WebApplicationBuilder AddStaffSecrets(this WebApplicationBuilder builder)
    {
        var secrets = StaffSecrets.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(secrets);
        builder.Services.AddSingleton(secrets.Retention);
        builder.Services.AddSingleton(secrets.AuditKey);
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddSealedDataProtection(SealedKeyRing.StaffRing, secrets.DataProtectionKey);
        return builder;
    }
}
