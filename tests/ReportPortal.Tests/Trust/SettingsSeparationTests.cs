extern alias staff;

using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using ReportPortal.Core.DataProtection;
using ReportPortal.Tests.Infrastructure;
using ReportPortal.Tests.TestHost;
using StaffProgram = staff::Program;

namespace ReportPortal.Tests.Trust;

/// <summary>
/// Each process starts from its own settings file and refuses another process's secrets; the reporter
/// face's file holds nothing that opens an existing case, a staff key or a staff cookie.
/// </summary>
public sealed class SettingsSeparationTests : IAsyncLifetime
{
    private TestSettings _settings = default!;
    private string _database = default!;

    public async Task InitializeAsync()
    {
        _settings = await TestSettings.CreateAsync();
        _database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync();
    }

    public Task DisposeAsync()
    {
        _settings.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void The_reporter_file_holds_no_private_key_and_no_internal_secret()
    {
        var text = File.ReadAllText(_settings.ReporterFile);

        Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
        foreach (var name in new[] { "StaffKeyPepper", "IndexKey", "KeyPinKey", "IntakePrivateKey", "\"Staff\"" })
        {
            Assert.DoesNotContain(name, text, StringComparison.Ordinal);
        }

        // No key of the staff file appears in the reporter file under another name.
        foreach (var (path, value) in TestSettings.Flatten(_settings.Staff))
        {
            if (path.StartsWith("ReportPortal:Staff:", StringComparison.Ordinal))
            {
                Assert.DoesNotContain(value!, text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task The_reporter_face_refuses_to_start_with_a_staff_secret_and_says_which_and_why()
    {
        var extra = new Dictionary<string, string?> { ["ReportPortal:Staff:StaffKeyPepper"] = SecretValue() };

        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => ReporterApp.StartAsync(extra));

        Assert.Contains("reporter face was given ReportPortal:Staff:StaffKeyPepper", error.Message, StringComparison.Ordinal);
        Assert.Contains("must not hold it", error.Message, StringComparison.Ordinal);
        Assert.Contains("staff private keys", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reporter_face_refuses_the_old_all_in_one_secrets_section()
    {
        var extra = new Dictionary<string, string?> { ["ReportPortal:Secrets:LookupPepper"] = SecretValue() };

        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => ReporterApp.StartAsync(extra));

        Assert.Contains("old single secrets section", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_staff_face_starts_from_its_own_file_and_refuses_the_reporter_faces_secrets()
    {
        await using (var good = new StaffFace(StaffSettings()))
        {
            using var client = good.CreateClient();
            Assert.True((await client.GetAsync("/healthz")).IsSuccessStatusCode);
        }

        var withReporter = StaffSettings();
        withReporter["ReportPortal:Reporter:ReceiptKey"] = SecretValue();
        await using var bad = new StaffFace(withReporter);
        var error = Assert.ThrowsAny<InvalidOperationException>(() => bad.CreateClient());
        Assert.Contains("staff face was given ReportPortal:Reporter:ReceiptKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_reporter_faces_ring_key_cannot_open_the_staff_ring_and_rings_cannot_be_swapped()
    {
        var reporterKey = SecretSettings(_settings.Reporter, "ReportPortal:Reporter:DataProtectionKey");
        var staffKey = SecretSettings(_settings.Staff, "ReportPortal:Staff:DataProtectionKey");
        var element = new System.Xml.Linq.XElement("key", new System.Xml.Linq.XAttribute("id", Guid.NewGuid()));
        var staffElement = SealedKeyRing.SealElement(new KeyRingSecret(SealedKeyRing.StaffRing, staffKey), element);

        Assert.NotNull(SealedKeyRing.OpenElement(new KeyRingSecret(SealedKeyRing.StaffRing, staffKey), staffElement));
        Assert.Null(SealedKeyRing.OpenElement(new KeyRingSecret(SealedKeyRing.ReporterRing, reporterKey), staffElement));
        // Even with the right key, an element sealed for one ring is refused by the other.
        Assert.Null(SealedKeyRing.OpenElement(new KeyRingSecret(SealedKeyRing.ReporterRing, staffKey), staffElement));
        Assert.False(reporterKey.AsSpan().SequenceEqual(staffKey));
    }

    private Dictionary<string, string?> StaffSettings() => new(TestSettings.Flatten(_settings.Staff))
    {
        ["ConnectionStrings:ReportPortal"] = PostgresServer.AsRole(_database, PostgresServer.TestRoles.StaffRole),
        ["ReportPortal:Intake:Enabled"] = "false",
        ["ReportPortal:Evidence:BlobFolder"] = Path.Combine(Path.GetTempPath(), "rp-unused-evidence", "blobs"),
        ["ReportPortal:Evidence:TempRoot"] = Path.Combine(Path.GetTempPath(), "rp-unused-evidence", "tmp"),
    };

    private static byte[] SecretSettings(IConfiguration configuration, string path) => Convert.FromBase64String(configuration[path]!);

    private static string SecretValue() => Convert.ToBase64String(Encoding.ASCII.GetBytes("0123456789abcdef0123456789abcdef"));

    private sealed class StaffFace(Dictionary<string, string?> settings) : WebApplicationFactory<StaffProgram>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            foreach (var (name, value) in settings)
            {
                builder.UseSetting(name, value);
            }

            builder.UseEnvironment("Production");
        }
    }
}
