using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;

namespace ReportPortal.Core.Evidence;

/// <summary>One line of what happened to an upload, shown once on the page the upload returns to.</summary>
public sealed record UploadResult(bool Accepted, string Message);

/// <summary>
/// The outcome of an upload carried across its redirect (post/redirect/get) in a one-use cookie protected
/// by Data Protection: it names the reporter's own files, so it is neither readable nor forgeable on the way.
/// Both faces use it, each with its own key ring.
/// </summary>
public sealed class UploadResults(IDataProtectionProvider protection)
{
    private const string CookieName = "rp_files";
    private const string Purpose = "ReportPortal.Evidence.UploadResults.v1";

    public void Set(HttpContext context, IReadOnlyList<UploadResult> results, string path)
    {
        var json = JsonSerializer.Serialize(results);
        context.Response.Cookies.Append(CookieName, protection.CreateProtector(Purpose).Protect(json), Options(context, path));
    }

    public IReadOnlyList<UploadResult> Take(HttpContext context, string path)
    {
        if (!context.Request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value))
        {
            return [];
        }

        context.Response.Cookies.Delete(CookieName, Options(context, path));
        try
        {
            return JsonSerializer.Deserialize<List<UploadResult>>(protection.CreateProtector(Purpose).Unprotect(value)) ?? [];
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static CookieOptions Options(HttpContext context, string path) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = path,
        MaxAge = TimeSpan.FromMinutes(2),
        IsEssential = true,
    };
}
