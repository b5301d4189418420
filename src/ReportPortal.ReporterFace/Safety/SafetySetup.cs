using Microsoft.AspNetCore.HostFiltering;
using ReportPortal.Core.Safety;

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
        // These log the raw path and query string, which a client writes. Hosting also puts the raw path in
        // a scope on every log line of the request unless its category is off altogether.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.StaticFiles", LogLevel.Warning);

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
        var configuredNetworks = ForceNetworks.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(provider => ActivatorUtilities.CreateInstance<ForceNetworks>(provider, configuredNetworks));
        builder.Services.AddSingleton(AllowedHosts.FromConfiguration(builder.Configuration, "reporter face"));

        // The framework's own host filter answers before our error pages exist, with its own text; ours
        // (in UseReporterSafety) gives the friendly 400 page instead, so the framework's lets all through.
        builder.Services.PostConfigure<HostFilteringOptions>(options => options.AllowedHosts = ["*"]);

        TrustedProxies.Configure(builder);
        return builder;
    }

    public static WebApplication UseReporterSafety(this WebApplication app)
    {
        TrustedProxies.Use(app);
        app.Use(async (context, next) =>
        {
            SecurityHeaders.Apply(context);
            await ForceNetworkWarning.EvaluateAsync(context);
            RelativeRedirects.Apply(context);

            if (ErrorRequests.IsReExecuted(context))
            {
                ErrorRequests.RenderAsGet(context);
            }
            else if (await RequestChecks.RefusalAsync(context) is { } refusal)
            {
                context.Response.StatusCode = refusal;
                return;
            }

            await next(context);
        });
        return app;
    }
}
