using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Database;
using ReportPortal.Core.Secrets;
using ReportPortal.Crypto;

namespace ReportPortal.Operator;

/// <summary>The staff secrets an escrow command needs to wrap keys to staff members and to check their pinned keys.</summary>
internal sealed record OperatorSecrets(byte[] StaffKeyPepper, byte[] KeyPinKey, RetentionKeys Retention);

/// <summary>What an escrow command works with: the database as the schema owner, the audit log, the escrow key in memory, the clock.</summary>
internal sealed record EscrowContext(ReportPortalDbContext Db, AuditLog Audit, KeyPair Escrow, OperatorSecrets Secrets, TimeProvider Time);

/// <summary>
/// The shape every command carried out with the offline escrow key shares (recover-staff, regrant-case): it
/// names a request two custodians approved in the staff face, reads the escrow private key from a file, uses
/// it in memory only and never writes it anywhere, and refuses a key whose public half is not this
/// deployment's. The command's own work either prints its lines or names a refusal and changes nothing.
/// </summary>
internal static class EscrowCommand
{
    public static async Task<int> RunAsync(string[] args, string usage, IConfiguration configuration, TimeProvider time, TextWriter output, TextWriter error,
        Func<EscrowContext, Guid, Task<(string? Refusal, IReadOnlyList<string> Lines)>> work)
    {
        var requestText = NewSettings.Option(args, "--request");
        var keyFile = NewSettings.Option(args, "--escrow-key");
        if (!Guid.TryParse(requestText, out var requestId) || string.IsNullOrWhiteSpace(keyFile))
        {
            await error.WriteLineAsync($"Usage: {usage}");
            return 2;
        }

        if (!File.Exists(keyFile))
        {
            await error.WriteLineAsync($"There is no escrow key file at {keyFile}.");
            return 1;
        }

        KeyPair escrow;
        try
        {
            escrow = KeyPair.FromPem(await File.ReadAllTextAsync(keyFile));
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or FormatException)
        {
            await error.WriteLineAsync("The escrow key file does not hold a P-256 private key in PEM.");
            return 1;
        }

        using (escrow)
        {
            var expected = SecretSettings.PublicKey(configuration, "ReportPortal:EscrowPublicKey");
            if (!CryptographicOperations.FixedTimeEquals(expected, escrow.PublicKeySpki))
            {
                await error.WriteLineAsync("This is not this deployment's escrow key: its public half differs from ReportPortal:EscrowPublicKey. Nothing was changed.");
                return 1;
            }

            var secrets = new OperatorSecrets(
                SecretSettings.Key(configuration, "ReportPortal:Staff", "StaffKeyPepper"),
                SecretSettings.Key(configuration, "ReportPortal:Staff", "KeyPinKey"),
                RetentionKeys.FromConfiguration(configuration));
            await using var services = new ServiceCollection().AddReportPortalCore(configuration).BuildServiceProvider();
            using var scope = services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<ReportPortalDbContext>();
            var audit = new AuditLog(db, new AuditKey(SecretSettings.Key(configuration, "ReportPortal:Staff", "AuditKey")), time);
            var (refusal, lines) = await work(new EscrowContext(db, audit, escrow, secrets, time), requestId);
            if (refusal is not null)
            {
                await error.WriteLineAsync(refusal + " Nothing was changed.");
                return 1;
            }

            foreach (var line in lines)
            {
                await output.WriteLineAsync(line);
            }

            return 0;
        }
    }

    /// <summary>The case (or identity, or welfare) key through the case's escrow grant, or null when there is none or its retention key is destroyed.</summary>
    public static byte[]? OpenThroughEscrow(KeyGrant? escrowGrant, KeyPair escrow, RetentionKeys retention)
    {
        if (escrowGrant is null)
        {
            return null;
        }

        try
        {
            return CaseGrants.OpenWithPrivateKey(escrowGrant, escrow, retention);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
