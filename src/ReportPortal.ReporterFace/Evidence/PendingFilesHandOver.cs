using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using ReportPortal.Core.Evidence;

namespace ReportPortal.ReporterFace.Evidence;

/// <summary>
/// Carries the claim on the files chosen before sending (<see cref="PendingClaim"/>: the future case's id and
/// key and the files' ids) inside the report form, in a hidden field protected and time-limited by Data
/// Protection the way <see cref="Reporting.ReceiptHandOver"/> carries the receipt. The expiry is the claim's
/// own and never moves, so the form stops being accepted exactly when the sweep may delete its files.
/// </summary>
public sealed class PendingFilesHandOver(IDataProtectionProvider provider, TimeProvider time)
{
    /// <summary>The hidden field's name (never held by form recovery: it carries a key).</summary>
    public const string Field = "files-token";

    /// <summary>Fixed: changing it makes every page still open in a browser unreadable.</summary>
    public const string Purpose = "ReportPortal.Evidence.PendingFiles.v1";

    private const byte Version = 1;
    private const int MaxFiles = 100;

    private readonly ITimeLimitedDataProtector _protector = provider.CreateProtector(Purpose).ToTimeLimitedDataProtector();

    public string Protect(PendingClaim claim)
    {
        var plain = new byte[1 + 16 + 32 + (16 * claim.FileIds.Count)];
        try
        {
            plain[0] = Version;
            claim.CaseId.TryWriteBytes(plain.AsSpan(1, 16));
            claim.CaseKey.CopyTo(plain.AsSpan(17, 32));
            for (var i = 0; i < claim.FileIds.Count; i++)
            {
                claim.FileIds[i].TryWriteBytes(plain.AsSpan(49 + (16 * i), 16));
            }

            return Convert.ToBase64String(_protector.Protect(plain, claim.ExpiresAt));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>The claim in a token this service made and that has not expired; null otherwise.</summary>
    public PendingClaim? Unprotect(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        byte[]? plain = null;
        try
        {
            var protectedBytes = Convert.FromBase64String(token);
            plain = _protector.Unprotect(protectedBytes, out var expires);
            var count = (plain.Length - 49) / 16;
            if (expires <= time.GetUtcNow() || plain.Length < 49 || plain[0] != Version || (plain.Length - 49) % 16 != 0 || count > MaxFiles)
            {
                return null;
            }

            var ids = Enumerable.Range(0, count).Select(i => new Guid(plain.AsSpan(49 + (16 * i), 16))).ToList();
            return new PendingClaim(new Guid(plain.AsSpan(1, 16)), plain[17..49], ids, expires);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
        finally
        {
            if (plain is not null)
            {
                CryptographicOperations.ZeroMemory(plain);
            }
        }
    }
}
