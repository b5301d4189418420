using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace ReportPortal.ReporterFace.Safety;

/// <summary>The anonymity rules of DESIGN §4 as they apply to every request on the reporter face.</summary>
public static class SafetySetup
{
    /// <summary>Report forms carry text only; anything bigger than this is not a report.</summary>
    public const long MaxRequestBodyBytes = 512 * 1024;

    public static WebApplicationBuilder AddReporterSafety(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
        });

        // Kestrel's connection logs can carry the remote end point; nothing below a warning is kept.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.HttpLogging", LogLevel.None);
        builder.Logging.AddFilter("Microsoft.AspNetCore.W3CLogging", LogLevel.None);

        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "rp_af";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.FormFieldName = "_af";
            options.SuppressXFrameOptionsHeader = true;
        });

        builder.Services.AddSingleton<AddressHasher>();
        builder.Services.AddSingleton(ForceNetworks.FromConfiguration(builder.Configuration));

        var trustedProxies = builder.Configuration.GetSection("ReportPortal:TrustedProxies").Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in trustedProxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });
        return builder;
    }

    public static WebApplication UseReporterSafety(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.Use(async (context, next) =>
        {
            SecurityHeaders.Apply(context);
            ForceNetworkWarning.Evaluate(context);

            // Kestrel enforces the limit on the wire; this answers declared oversize bodies at once, on any server.
            if (context.Request.ContentLength > MaxRequestBodyBytes
                && context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }

            await next(context);
        });
        return app;
    }
}
