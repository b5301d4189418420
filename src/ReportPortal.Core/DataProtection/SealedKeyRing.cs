using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReportPortal.Core.Database;
using ReportPortal.Crypto;

namespace ReportPortal.Core.DataProtection;

/// <summary>The ring a face keeps its Data Protection keys in, and the key (from that face's own settings) that seals it.</summary>
public sealed record KeyRingSecret(string Ring, byte[] Key);

/// <summary>
/// Keeps each face's Data Protection key ring in the database, where every node can read it, sealed
/// whole under a key held only in that face's settings, with the ring's name bound into the associated
/// data. An element that does not open (planted by a database writer, or copied from the other face's
/// ring) is refused, so nobody with write access to the table can choose the key that signs cookies.
/// Data Protection protects cookies, antiforgery and short-lived tokens only: never case content (DESIGN §3).
/// </summary>
public static class SealedKeyRing
{
    public const string ReporterRing = "reporter";
    public const string StaffRing = "staff";

    public static IServiceCollection AddSealedDataProtection(this IServiceCollection services, string ring, byte[] ringKey)
    {
        var secret = new KeyRingSecret(ring, ringKey);
        services.AddSingleton(secret);
        services.AddDataProtection()
            .SetApplicationName($"ReportPortal.{ring}")
            .SetDefaultKeyLifetime(TimeSpan.FromDays(90));
        services.AddOptions<KeyManagementOptions>()
            .Configure<IServiceProvider>((options, provider) =>
            {
                options.XmlRepository = new DatabaseXmlRepository(provider, secret);
                options.XmlEncryptor = new KeyRingEncryptor(secret);
            });
        return services;
    }

    /// <summary>Context of a whole stored element: the ring's name is the field, so rings cannot be swapped.</summary>
    internal static SealContext ElementContext(string ring) => new(Guid.Empty, Guid.Empty, "data-protection.key-ring.element/" + ring);

    /// <summary>Context of the secret part inside an element (sealed again, so it is never plain in memory dumps of the XML).</summary>
    internal static SealContext DescriptorContext(string ring) => new(Guid.Empty, Guid.Empty, "data-protection.key-ring.descriptor/" + ring);

    /// <summary>Seals one element as it is stored; public so tests can tell a sealed element from a planted one.</summary>
    public static string SealElement(KeyRingSecret secret, XElement element) =>
        Convert.ToBase64String(Sealer.Seal(secret.Key, System.Text.Encoding.UTF8.GetBytes(element.ToString(SaveOptions.DisableFormatting)), ElementContext(secret.Ring)));

    public static XElement? OpenElement(KeyRingSecret secret, string stored)
    {
        try
        {
            var plaintext = Sealer.Open(secret.Key, Convert.FromBase64String(stored), ElementContext(secret.Ring));
            return XElement.Parse(System.Text.Encoding.UTF8.GetString(plaintext));
        }
        catch (Exception e) when (e is CryptographicException or FormatException or System.Xml.XmlException)
        {
            return null;
        }
    }
}

internal sealed class DatabaseXmlRepository(IServiceProvider services, KeyRingSecret secret) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportPortalDbContext>();
        var stored = db.DataProtectionKeys.AsNoTracking()
            .Where(k => k.Ring == secret.Ring)
            .OrderBy(k => k.Id)
            .Select(k => k.Xml)
            .ToList();
        var elements = new List<XElement>(stored.Count);
        var refused = 0;
        foreach (var value in stored)
        {
            if (SealedKeyRing.OpenElement(secret, value) is { } element)
            {
                elements.Add(element);
            }
            else
            {
                refused++;
            }
        }

        if (refused > 0)
        {
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SealedKeyRing))
                .LogWarning("Refused {Count} Data Protection key ring element(s) that were not sealed by this service.", refused);
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportPortalDbContext>();
        db.DataProtectionKeys.Add(new DataProtectionKeyRecord
        {
            Ring = secret.Ring,
            FriendlyName = friendlyName,
            Xml = SealedKeyRing.SealElement(secret, element),
        });
        db.SaveChanges();
    }
}

internal sealed class KeyRingEncryptor(KeyRingSecret secret) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = System.Text.Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        try
        {
            var sealedBytes = Sealer.Seal(secret.Key, plaintext, SealedKeyRing.DescriptorContext(secret.Ring));
            return new EncryptedXmlInfo(
                new XElement("sealedKey", new XElement("value", Convert.ToBase64String(sealedBytes))),
                typeof(KeyRingDecryptor));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}

/// <summary>Created by Data Protection through its activator, which hands it the service provider.</summary>
internal sealed class KeyRingDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var secret = services.GetRequiredService<KeyRingSecret>();
        var sealedBytes = Convert.FromBase64String((string?)encryptedElement.Element("value") ?? string.Empty);
        var plaintext = Sealer.Open(secret.Key, sealedBytes, SealedKeyRing.DescriptorContext(secret.Ring));
        try
        {
            return XElement.Parse(System.Text.Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
