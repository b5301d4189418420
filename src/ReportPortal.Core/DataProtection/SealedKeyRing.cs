using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReportPortal.Core.Database;
using ReportPortal.Core.Secrets;
using ReportPortal.Crypto;

namespace ReportPortal.Core.DataProtection;

/// <summary>
/// Keeps the Data Protection key ring in the database, where every node can read it, encrypted under
/// a key held outside the database. Data Protection protects cookies, antiforgery and short-lived
/// tokens only: never case content (DESIGN §3).
/// </summary>
public static class SealedKeyRing
{
    public static IServiceCollection AddSealedDataProtection(this IServiceCollection services, string ring)
    {
        services.AddDataProtection()
            .SetApplicationName($"ReportPortal.{ring}")
            .SetDefaultKeyLifetime(TimeSpan.FromDays(90));
        services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<IServiceProvider>((options, provider) =>
            {
                options.XmlRepository = new DatabaseXmlRepository(provider, ring);
                options.XmlEncryptor = new KeyRingEncryptor(provider.GetRequiredService<ServiceSecrets>());
            });
        return services;
    }

    internal static readonly SealContext Context = new(Guid.Empty, Guid.Empty, "data-protection.key-ring");
}

internal sealed class DatabaseXmlRepository(IServiceProvider services, string ring) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportPortalDbContext>();
        return db.DataProtectionKeys.AsNoTracking()
            .Where(k => k.Ring == ring)
            .OrderBy(k => k.Id)
            .Select(k => k.Xml)
            .AsEnumerable()
            .Select(XElement.Parse)
            .ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportPortalDbContext>();
        db.DataProtectionKeys.Add(new DataProtectionKeyRecord
        {
            Ring = ring,
            FriendlyName = friendlyName,
            Xml = element.ToString(SaveOptions.DisableFormatting),
        });
        db.SaveChanges();
    }
}

internal sealed class KeyRingEncryptor(ServiceSecrets secrets) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = System.Text.Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedBytes = Sealer.Seal(secrets.DataProtectionKey, plaintext, SealedKeyRing.Context);
        return new EncryptedXmlInfo(
            new XElement("sealedKey", new XElement("value", Convert.ToBase64String(sealedBytes))),
            typeof(KeyRingDecryptor));
    }
}

/// <summary>Created by Data Protection through its activator, which hands it the service provider.</summary>
internal sealed class KeyRingDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var secrets = services.GetRequiredService<ServiceSecrets>();
        var sealedBytes = Convert.FromBase64String((string?)encryptedElement.Element("value") ?? string.Empty);
        var plaintext = Sealer.Open(secrets.DataProtectionKey, sealedBytes, SealedKeyRing.Context);
        return XElement.Parse(System.Text.Encoding.UTF8.GetString(plaintext));
    }
}
