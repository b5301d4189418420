using System.Text.Json;
using ReportPortal.Core.Secrets;
using ReportPortal.Crypto;

namespace ReportPortal.Operator;

/// <summary>Creates the secrets a deployment keeps outside its database, and a demo escrow key pair.</summary>
internal static class NewSettings
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args)
    {
        var settingsPath = Option(args, "--out");
        var escrowPath = Option(args, "--escrow-private-key-out");
        if (settingsPath is null || escrowPath is null)
        {
            Console.Error.WriteLine("new-settings needs --out FILE and --escrow-private-key-out FILE.");
            return 2;
        }

        if (File.Exists(settingsPath) || File.Exists(escrowPath))
        {
            Console.Error.WriteLine("Refusing to overwrite an existing settings or key file: existing cases depend on them.");
            return 1;
        }

        using var escrow = KeyPair.Generate();
        var settings = new Dictionary<string, object>
        {
            ["ReportPortal"] = new Dictionary<string, object>
            {
                ["Secrets"] = ServiceSecrets.Generate(),
                ["EscrowPublicKey"] = escrow.ExportPublicKeyPem(),
            },
        };

        await WritePrivateAsync(escrowPath, escrow.ExportPrivateKeyPem());
        await WritePrivateAsync(settingsPath, JsonSerializer.Serialize(settings, Indented));
        Console.WriteLine($"Settings written to {Path.GetFullPath(settingsPath)}");
        Console.WriteLine($"Escrow private key written to {Path.GetFullPath(escrowPath)} (keep it offline in production)");
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

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
