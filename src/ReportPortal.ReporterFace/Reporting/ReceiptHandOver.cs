using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using ReportPortal.Crypto;

namespace ReportPortal.ReporterFace.Reporting;

/// <summary>
/// Carries a receipt from the check-your-answers page to the final send inside the page itself: an
/// encrypted, time-limited hidden form field. The receipt is never in a cookie, a table or a log, and
/// the server keeps nothing between the two steps.
/// </summary>
public sealed class ReceiptHandOver(IDataProtectionProvider provider, TimeProvider time)
{
    /// <summary>Fixed: changing it makes every page still open in a browser unreadable.</summary>
    public const string Purpose = "ReportPortal.Reporting.ReceiptHandOver.v1";

    /// <summary>Long enough to write a report carefully, short enough that an old page is no use to anyone else.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);

    private readonly ITimeLimitedDataProtector _protector = provider.CreateProtector(Purpose).ToTimeLimitedDataProtector();

    public string Protect(Receipt receipt) => _protector.Protect(receipt.Canonical, time.GetUtcNow() + Lifetime);

    /// <summary>The receipt in a token this service made and that has not expired, or null.</summary>
    public Receipt? Unprotect(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            // Data Protection checks the expiry against the system clock; the service's own clock decides too.
            var canonical = _protector.Unprotect(token, out var expires);
            return expires > time.GetUtcNow() ? Receipt.Parse(canonical).Receipt : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The receipt's last group of four, the one the reporter types back to show they kept it.</summary>
    public static string LastGroup(Receipt receipt) => receipt.Canonical[20..24];

    /// <summary>
    /// Whether what was typed is the last group of four, read as forgivingly as a whole receipt is:
    /// any case, spaces and dashes ignored, I and L read as 1, O as 0.
    /// </summary>
    public static bool ConfirmsLastGroup(Receipt receipt, string? typed)
    {
        if (typed is null)
        {
            return false;
        }

        var read = new string(typed.Where(c => !char.IsWhiteSpace(c) && c is not ('-' or '‐' or '–' or '—'))
            .Select(c => char.ToUpperInvariant(c) switch
            {
                'I' or 'L' => '1',
                'O' => '0',
                var other => other,
            }).ToArray());
        return CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(read), System.Text.Encoding.ASCII.GetBytes(LastGroup(receipt)));
    }
}
