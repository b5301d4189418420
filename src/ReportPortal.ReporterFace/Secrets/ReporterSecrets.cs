using ReportPortal.Core.DataProtection;
using ReportPortal.Core.Secrets;
using ReportPortal.Crypto;

namespace ReportPortal.ReporterFace.Secrets;

/// <summary>
/// Everything secret the public reporter face holds, from its own settings section. It holds nothing
/// that opens an existing case, a staff key or a staff cookie: new cases are granted to public keys
/// (escrow, intake), and the reporter's own grant opens only with the receipt.
/// </summary>
public sealed class ReporterSecrets
{
    public const string Section = "ReportPortal:Reporter";

    private ReporterSecrets(byte[] receiptRoot, byte[] dataProtectionKey, byte[] escrowPublicKey, byte[] intakePublicKey, RetentionKeys retention)
    {
        ReceiptLookupKey = SubKeys.Derive(receiptRoot, "receipt-lookup");
        SubmissionTokenKey = SubKeys.Derive(receiptRoot, "submission-token");
        DataProtectionKey = dataProtectionKey;
        EscrowPublicKey = escrowPublicKey;
        IntakePublicKey = intakePublicKey;
        Retention = retention;
    }

    /// <summary>Keys HMAC(receipt) lookups, so receipts cannot be guessed against a stolen table.</summary>
    public byte[] ReceiptLookupKey { get; }

    /// <summary>Keys the hash that makes a second send of one report file nothing new.</summary>
    public byte[] SubmissionTokenKey { get; }

    /// <summary>Seals this face's own Data Protection ring (never the staff face's).</summary>
    public byte[] DataProtectionKey { get; }

    /// <summary>Public half of the offline escrow key (SPKI DER); every case is granted to it.</summary>
    public byte[] EscrowPublicKey { get; }

    /// <summary>Public half of the intake key; its private half is held only by the internal staff side.</summary>
    public byte[] IntakePublicKey { get; }

    public RetentionKeys Retention { get; }

    public static ReporterSecrets FromConfiguration(IConfiguration configuration)
    {
        SecretSettings.RefuseForeignSecrets(configuration, SecretSettings.ReporterProcess);
        return new ReporterSecrets(
            SecretSettings.Key(configuration, Section, "ReceiptKey"),
            SecretSettings.Key(configuration, Section, "DataProtectionKey"),
            SecretSettings.PublicKey(configuration, "ReportPortal:EscrowPublicKey"),
            SecretSettings.PublicKey(configuration, "ReportPortal:IntakePublicKey"),
            RetentionKeys.FromConfiguration(configuration));
    }
}

public static class ReporterSecretsSetup
{
    /// <summary>Loads this face's secrets (refusing any other process's) and seals its key ring with its own key.</summary>
    public static WebApplicationBuilder AddReporterSecrets(this WebApplicationBuilder builder)
    {
        var secrets = ReporterSecrets.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(secrets);
        builder.Services.AddSingleton(secrets.Retention);
        builder.Services.AddSealedDataProtection(SealedKeyRing.ReporterRing, secrets.DataProtectionKey);
        return builder;
    }
}
