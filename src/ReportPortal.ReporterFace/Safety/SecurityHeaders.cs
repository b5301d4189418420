namespace ReportPortal.ReporterFace.Safety;

/// <summary>Headers that keep reporter pages free of script, framing, referrers and caches.</summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>Two years, the length browsers' preload lists ask for.</summary>
    public const string StrictTransportSecurity = "max-age=63072000";

    public static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()";

        // Only over TLS: browsers ignore it on plain HTTP, and the onion service is plain HTTP by design.
        // Not includeSubDomains: the reporter face cannot speak for the rest of a force's domain.
        if (context.Request.IsHttps)
        {
            headers.StrictTransportSecurity = StrictTransportSecurity;
        }

        // Style sheets and icons may be cached; every page may show something personal, so none is.
        if (!context.Request.Path.StartsWithSegments("/assets"))
        {
            // The exact value antiforgery sets itself, so it has nothing to override (and warn about).
            headers.CacheControl = "no-cache, no-store";
            headers.Pragma = "no-cache";
        }
    }
}
