using Microsoft.Extensions.Configuration;
using ReportPortal.Crypto;

namespace ReportPortal.Core.Secrets;

/// <summary>Reads keys from a process's own settings section, with messages that say exactly what is wrong.</summary>
public static class SecretSettings
{
    public static byte[] Key(IConfiguration configuration, string section, string name)
    {
        var path = $"{section}:{name}";
        var value = configuration[path];
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException($"{path} is not set. It must be 32 random bytes in base64 (see ReportPortal.Operator new-settings).");
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{path} is not valid base64.");
        }

        return bytes.Length == 32
            ? bytes
            : throw new InvalidOperationException($"{path} must be exactly 32 bytes; it has {bytes.Length}.");
    }

    public static byte[] PublicKey(IConfiguration configuration, string path)
    {
        var pem = configuration[path];
        if (string.IsNullOrWhiteSpace(pem))
        {
            throw new InvalidOperationException($"{path} is not set. It is the PEM public key written by ReportPortal.Operator new-settings.");
        }

        return KeyPair.PublicKeyFromPem(pem);
    }

    public static string NewKey() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// Refuses to start a process that was handed another process's secrets. Copying one settings file
    /// for every process would quietly put the staff face's keys on the public server; this makes that a
    /// start-up error that names the setting and the reason.
    /// </summary>
    public static void RefuseForeignSecrets(IConfiguration configuration, string process)
    {
        foreach (var rule in ForeignSecretRules)
        {
            if (rule.Holders.Contains(process) || !configuration.GetSection(rule.Section).Exists())
            {
                continue;
            }

            var names = configuration.GetSection(rule.Section).GetChildren().Select(c => c.Path).ToList();
            throw new InvalidOperationException(
                $"The {process} was given {string.Join(", ", names.DefaultIfEmpty(rule.Section))}. It must not hold it: {rule.Reason} " +
                $"Remove it from this process's settings (each process reads only its own file from ReportPortal.Operator new-settings).");
        }
    }

    public const string ReporterProcess = "reporter face";
    public const string StaffProcess = "staff face";
    public const string OperatorProcess = "operator tool";
    public const string WorkflowProcess = "workflow";

    private sealed record SecretRule(string Section, string[] Holders, string Reason);

    private static readonly SecretRule[] ForeignSecretRules =
    [
        // The operator tool runs on the internal side; it enrols staff keys, so it may read the staff file.
        new("ReportPortal:Staff", [StaffProcess, OperatorProcess],
            "these keys unwrap staff private keys, open the intake grant of every new report, compute blind indexes and sign staff cookies, so only the internal staff side may hold them."),
        new("ReportPortal:Reporter", [ReporterProcess],
            "these keys look up receipts and sign reporter cookies; no other process needs them."),
        new("ReportPortal:Smtp", [WorkflowProcess],
            "only the workflow process sends email; a face holding the relay's credentials could be made to send mail as the service."),
        new("ReportPortal:Secrets", [],
            "this is the old single secrets section that mixed every process's keys. Generate per-process settings with ReportPortal.Operator new-settings."),
    ];
}
