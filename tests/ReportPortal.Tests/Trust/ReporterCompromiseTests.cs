using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReportPortal.Core.Cases;
using ReportPortal.Core.DataProtection;
using ReportPortal.Core.Secrets;
using ReportPortal.Crypto;
using ReportPortal.Tests.Infrastructure;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Trust;

/// <summary>
/// The "done when", as an attacker who took the public server would try it: with a copy of the
/// reporter face's settings file and its database role, and nothing else, no existing report, staff key or
/// staff cookie key opens.
/// </summary>
public sealed class ReporterCompromiseTests : ReporterAppTest
{
    [Fact]
    public async Task The_reporter_faces_settings_and_role_open_no_existing_report_staff_key_or_staff_cookie_key()
    {
        await FileAsync(new ReportFields().Set("identity", "confidential").Set("reporter-name", "A Person").Set("reporter-staff-number", "77"));
        var staffRingKey = Convert.FromBase64String(App.Settings.Staff["ReportPortal:Staff:DataProtectionKey"]!);
        await App.WithDatabaseAsync(async db =>
        {
            db.DataProtectionKeys.Add(new DataProtectionKeyRecord
            {
                Ring = SealedKeyRing.StaffRing,
                FriendlyName = "staff",
                Xml = SealedKeyRing.SealElement(new KeyRingSecret(SealedKeyRing.StaffRing, staffRingKey), new System.Xml.Linq.XElement("key")),
            });
            await db.SaveChangesAsync();
        });

        // Every key the stolen file holds, as stored and as derived.
        var reporter = App.Settings.Reporter;
        var receiptRoot = SecretSettings.Key(reporter, "ReportPortal:Reporter", "ReceiptKey");
        var candidates = new List<byte[]>
        {
            receiptRoot,
            SecretSettings.Key(reporter, "ReportPortal:Reporter", "DataProtectionKey"),
            SubKeys.Derive(receiptRoot, "receipt-lookup"),
            SubKeys.Derive(receiptRoot, "submission-token"),
        };
        var retention = RetentionKeys.FromConfiguration(reporter);
        candidates.Add(retention.Current);

        // The role reads no grant (nor any row of a case) without the case's receipt lookup; and even the
        // reporter grants as stored, say from a backup, open with no key the file holds.
        await using var db = ReporterApp.Database(PostgresServer.AsRole(App.AdminConnectionString, PostgresServer.TestRoles.ReporterRole));
        Assert.Empty(await db.KeyGrants.AsNoTracking().ToListAsync());
        Assert.Empty(await db.Cases.AsNoTracking().Select(c => c.Id).ToListAsync());
        var grants = await App.WithDatabaseAsync(admin => admin.KeyGrants.AsNoTracking().Where(g => g.Holder == KeyHolder.Reporter).ToListAsync());
        Assert.NotEmpty(grants);
        foreach (var grant in grants)
        {
            foreach (var key in candidates)
            {
                Assert.ThrowsAny<CryptographicException>(() => CaseGrants.OpenReporterGrant(grant, key, retention));
            }
        }

        var staffTable = await Assert.ThrowsAsync<PostgresException>(() => db.StaffMembers.AsNoTracking().ToListAsync());
        Assert.Equal("42501", staffTable.SqlState);
        var rings = await db.DataProtectionKeys.AsNoTracking().Select(k => k.Ring).Distinct().ToListAsync();
        Assert.DoesNotContain(SealedKeyRing.StaffRing, rings);
        Assert.DoesNotContain(candidates, key => key.AsSpan().SequenceEqual(staffRingKey));
        Assert.DoesNotContain("PRIVATE KEY", await File.ReadAllTextAsync(App.Settings.ReporterFile), StringComparison.Ordinal);
    }
}
