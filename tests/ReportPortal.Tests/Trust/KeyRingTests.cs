using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReportPortal.Core.DataProtection;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Trust;

/// <summary>
/// The reporter face's Data Protection ring is sealed whole under its own key with the ring's name bound
/// in; an element that was not sealed by the service (planted or altered by a database writer) is refused.
/// </summary>
public sealed class KeyRingTests : ReporterAppTest
{
    [Fact]
    public async Task Ring_elements_are_stored_sealed_and_nothing_readable_is_in_the_table()
    {
        await Browser.GetAsync("/report");

        var stored = await App.WithDatabaseAsync(db => db.DataProtectionKeys.AsNoTracking().ToListAsync());

        var element = Assert.Single(stored);
        Assert.Equal(SealedKeyRing.ReporterRing, element.Ring);
        Assert.DoesNotContain("<", element.Xml, StringComparison.Ordinal);
        Assert.DoesNotContain("masterKey", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(element.Xml)), StringComparison.Ordinal);
        Assert.NotNull(SealedKeyRing.OpenElement(RingSecret(), element.Xml));
    }

    [Fact]
    public async Task A_plain_key_planted_in_the_table_is_refused_and_never_becomes_the_default_key()
    {
        await Browser.GetAsync("/report");
        var genuine = await App.WithDatabaseAsync(db => db.DataProtectionKeys.AsNoTracking().SingleAsync());
        var plain = SealedKeyRing.OpenElement(RingSecret(), genuine.Xml)!;
        var genuineId = Guid.Parse(plain.Attribute("id")!.Value);
        var plantedId = Guid.NewGuid();
        plain.Attribute("id")!.Value = plantedId.ToString();
        await App.WithDatabaseAsync(async db =>
        {
            db.DataProtectionKeys.Add(new DataProtectionKeyRecord { Ring = SealedKeyRing.ReporterRing, FriendlyName = "planted", Xml = plain.ToString(SaveOptions.DisableFormatting) });
            await db.SaveChangesAsync();
        });

        var keys = App.Services.GetRequiredService<IKeyManager>().GetAllKeys();

        Assert.DoesNotContain(keys, k => k.KeyId == plantedId);
        Assert.Contains(keys, k => k.KeyId == genuineId);
        Assert.Contains("Refused 1 Data Protection key ring element", App.Logs.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_altered_element_is_refused()
    {
        await Browser.GetAsync("/report");
        var genuine = await App.WithDatabaseAsync(db => db.DataProtectionKeys.AsNoTracking().SingleAsync());
        var bytes = Convert.FromBase64String(genuine.Xml);
        bytes[^1] ^= 0x01;

        Assert.Null(SealedKeyRing.OpenElement(RingSecret(), Convert.ToBase64String(bytes)));
        Assert.Null(SealedKeyRing.OpenElement(new KeyRingSecret(SealedKeyRing.StaffRing, RingSecret().Key), genuine.Xml));
    }

    private KeyRingSecret RingSecret() =>
        new(SealedKeyRing.ReporterRing, Convert.FromBase64String(App.Settings.Reporter["ReportPortal:Reporter:DataProtectionKey"]!));
}
