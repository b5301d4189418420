using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace ReportPortal.ReporterFace.Status;

/// <summary>The case and the receipt-derived key of a signed-in reporter. Never the receipt itself.</summary>
public sealed record InboxAccess(Guid CaseId, byte[] ReporterKey);

/// <summary>
/// Keeps a reporter signed in for 30 idle minutes with an encrypted, time-limited cookie. Nothing is
/// kept on the server, so any node can serve the inbox and nothing outlives the cookie.
/// </summary>
public sealed class InboxSession(IDataProtectionProvider protection, TimeProvider time)
{
    public const string CookieName = "rp_inbox";
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);

    private readonly ITimeLimitedDataProtector _protector =
        protection.CreateProtector("ReportPortal.Reporter.InboxSession.v1").ToTimeLimitedDataProtector();

    public void SignIn(HttpContext context, InboxAccess access)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Payload(access.CaseId, access.ReporterKey));
        try
        {
            var expires = time.GetUtcNow() + IdleTimeout;
            var value = Convert.ToBase64String(_protector.Protect(payload, expires));
            context.Response.Cookies.Append(CookieName, value, Options(context));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(payload);
        }
    }

    /// <summary>Reads the session and slides its expiry; null when absent, tampered or idle too long.</summary>
    public InboxAccess? Resume(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            var payload = _protector.Unprotect(Convert.FromBase64String(value), out var expiration);
            if (expiration <= time.GetUtcNow())
            {
                SignOut(context);
                return null;
            }

            var session = JsonSerializer.Deserialize<Payload>(payload);
            if (session is null)
            {
                return null;
            }

            var access = new InboxAccess(session.CaseId, session.Key);
            SignIn(context, access);
            return access;
        }
        catch (Exception e) when (e is CryptographicException or FormatException or JsonException)
        {
            SignOut(context);
            return null;
        }
    }

    public static void SignOut(HttpContext context) => context.Response.Cookies.Delete(CookieName, Options(context));

    private static CookieOptions Options(HttpContext context) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = "/status",
        IsEssential = true,
    };

    private sealed record Payload(Guid CaseId, byte[] Key);
}
