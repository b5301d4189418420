extern alias @operator;

using Microsoft.Extensions.Configuration;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Secrets;
using ReportPortal.Crypto;
using NewSettings = @operator::ReportPortal.Operator.NewSettings;

namespace ReportPortal.Tests.TestHost;

/// <summary>
/// A deployment's settings files, made by the operator tool's own new-settings command in a temporary
/// folder: reporter.json for the reporter face, staff.json for the staff side, and the escrow key.
/// Tests start each process from its own file, exactly as a deployment does.
/// </summary>
public sealed class TestSettings : IDisposable
{
    private TestSettings(string directory)
    {
        Directory = directory;
        Escrow = KeyPair.FromPem(File.ReadAllText(Path.Combine(directory, NewSettings.EscrowKeyFile)));
        Reporter = Load(ReporterFile);
        Staff = Load(StaffFile);
        Retention = RetentionKeys.FromConfiguration(Reporter);
        IntakeKey = KeyPair.FromPem(Staff["ReportPortal:Staff:IntakePrivateKey"]!);
        Indexes = new BlindIndexes(SecretSettings.Key(Staff, "ReportPortal:Staff", "IndexKey"));
        StaffKeyPepper = SecretSettings.Key(Staff, "ReportPortal:Staff", "StaffKeyPepper");
        KeyPinKey = SecretSettings.Key(Staff, "ReportPortal:Staff", "KeyPinKey");
    }

    public string Directory { get; }

    public string ReporterFile => Path.Combine(Directory, NewSettings.ReporterFile);

    public string StaffFile => Path.Combine(Directory, NewSettings.StaffFile);

    public IConfiguration Reporter { get; }

    public IConfiguration Staff { get; }

    public KeyPair Escrow { get; }

    public KeyPair IntakeKey { get; }

    public RetentionKeys Retention { get; }

    public BlindIndexes Indexes { get; }

    public byte[] StaffKeyPepper { get; }

    public byte[] KeyPinKey { get; }

    public static async Task<TestSettings> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "rp-settings-" + Guid.NewGuid().ToString("N"));
        var exit = await NewSettings.RunAsync(["--out-dir", directory]);
        return exit == 0 ? new TestSettings(directory) : throw new InvalidOperationException($"new-settings failed with {exit}.");
    }

    /// <summary>Every setting of a file as flat key/value pairs, for a test host's UseSetting.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Flatten(IConfiguration configuration) =>
        configuration.AsEnumerable().Where(pair => pair.Value is not null);

    public void Dispose()
    {
        Escrow.Dispose();
        IntakeKey.Dispose();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private static IConfigurationRoot Load(string path) => new ConfigurationBuilder().AddJsonFile(path).Build();
}
