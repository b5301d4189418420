using System.Text.Json;
using ReportPortal.Core.Secrets;
using ReportPortal.Crypto;

namespace ReportPortal.Operator;

/// <summary>
/// Creates the secrets a deployment keeps outside its database: one settings file per process, each with
/// only what that process needs, plus the escrow private key (to be kept offline).
/// </summary>
internal static class NewSettings
{
    public const string ReporterFile = "reporter.json";
    public const string StaffFile = "staff.json";
    public const string WorkflowFile = "workflow.json";
    public const string EscrowKeyFile = "escrow-private-key.pem";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args)
    {
        var directory = Option(args, "--out-dir");
        if (directory is null)
        {
            Console.Error.WriteLine("new-settings needs --out-dir DIR.");
            return 2;
        }

        var paths = new[] { ReporterFile, StaffFile, EscrowKeyFile, WorkflowFile }.Select(name => Path.Combine(directory, name)).ToList();
        if (paths.Any(File.Exists))
        {
            Console.Error.WriteLine("Refusing to overwrite existing settings or key files: existing cases depend on them.");
            return 1;
        }

        using var escrow = KeyPair.Generate();
        using var intake = KeyPair.Generate();
        var retention = RetentionKeys.Generate(TimeProvider.System);
        var reporter = new Dictionary<string, object>
        {
            ["ReportPortal"] = new Dictionary<string, object>
            {
                ["Reporter"] = new Dictionary<string, string>
                {
                    ["ReceiptKey"] = SecretSettings.NewKey(),
                    ["DataProtectionKey"] = SecretSettings.NewKey(),
                },
                ["EscrowPublicKey"] = escrow.ExportPublicKeyPem(),
                ["IntakePublicKey"] = intake.ExportPublicKeyPem(),
                ["Retention"] = retention,
            },
        };
        var staff = new Dictionary<string, object>
        {
            ["ReportPortal"] = new Dictionary<string, object>
            {
                ["Staff"] = new Dictionary<string, string>
                {
                    ["StaffKeyPepper"] = SecretSettings.NewKey(),
                    ["IndexKey"] = SecretSettings.NewKey(),
                    ["KeyPinKey"] = SecretSettings.NewKey(),
                    ["AuditKey"] = SecretSettings.NewKey(),
                    ["DataProtectionKey"] = SecretSettings.NewKey(),
                    ["IntakePrivateKey"] = intake.ExportPrivateKeyPem(),
                },
                ["EscrowPublicKey"] = escrow.ExportPublicKeyPem(),
                ["Retention"] = retention,
            },
        };

        // The workflow holds no key at all; it is the only process with the SMTP relay (fill in the force's).
        var workflow = new Dictionary<string, object>
        {
            ["ReportPortal"] = new Dictionary<string, object>
            {
                ["Smtp"] = new Dictionary<string, object> { ["Host"] = "localhost", ["Port"] = 25, ["EnableSsl"] = false, ["From"] = "reportportal@localhost" },
                ["Workflow"] = new Dictionary<string, string> { ["PollInterval"] = "00:01:00", ["DigestInterval"] = "01:00:00", ["StaffSiteUrl"] = "http://127.0.0.1/" },
            },
        };
        await WritePrivateAsync(paths[3], JsonSerializer.Serialize(workflow, Indented));
        await WritePrivateAsync(paths[0], JsonSerializer.Serialize(reporter, Indented));
        await WritePrivateAsync(paths[1], JsonSerializer.Serialize(staff, Indented));
        await WritePrivateAsync(paths[2], escrow.ExportPrivateKeyPem());
        Console.WriteLine($"Reporter face settings: {Path.GetFullPath(paths[0])} (the public server; no key that opens a case)");
        Console.WriteLine($"Staff face settings: {Path.GetFullPath(paths[1])} (internal side only)");
        Console.WriteLine($"Workflow settings: {Path.GetFullPath(paths[3])} (SMTP relay and pacing; no key)");
        Console.WriteLine($"Escrow private key: {Path.GetFullPath(paths[2])} (keep it offline; it opens every case)");
        return 0;
    }

    private static async Task WritePrivateAsync(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Secrets and the escrow key are readable by their owner only.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var stream = new FileStream(path, options);
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(content);
    }

    internal static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
