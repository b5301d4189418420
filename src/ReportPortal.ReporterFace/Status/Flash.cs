namespace ReportPortal.ReporterFace.Status;

/// <summary>
/// The outcome of the post just made, carried across its redirect (post/redirect/get) in a one-use
/// cookie, so a banner says what really happened and a bookmarked or shared address never shows a
/// stale "sent" or "signed out". Only these fixed values are accepted.
/// </summary>
public static class Flash
{
    public const string Sent = "sent";
    public const string SignedOut = "signed-out";
    public const string SessionEnded = "session-ended";
    public const string SupportAsked = "support-asked";
    public const string TreatmentReported = "treatment-reported";
    public const string WelfareSent = "welfare-sent";
    public const string CheckInAnswered = "check-in-answered";

    private const string CookieName = "rp_flash";
    private static readonly HashSet<string> Known = [Sent, SignedOut, SessionEnded, SupportAsked, TreatmentReported, WelfareSent, CheckInAnswered];

    public static void Set(HttpContext context, string outcome) =>
        context.Response.Cookies.Append(CookieName, outcome, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = "/status",
            MaxAge = TimeSpan.FromMinutes(2),
            IsEssential = true,
        });

    /// <summary>Reads and removes the outcome; null when there is none (or it is not one we set).</summary>
    public static string? Take(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(CookieName, out var value))
        {
            return null;
        }

        context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/status", Secure = context.Request.IsHttps, SameSite = SameSiteMode.Strict, HttpOnly = true });
        return value is not null && Known.Contains(value) ? value : null;
    }
}
