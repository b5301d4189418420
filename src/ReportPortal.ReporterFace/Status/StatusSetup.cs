namespace ReportPortal.ReporterFace.Status;

public static class StatusSetup
{
    /// <summary>Where the header's sign-out button posts; it works from every page.</summary>
    public const string SignOutPath = "/status/sign-out";

    public static IServiceCollection AddStatus(this IServiceCollection services) => services
        .AddScoped<ReporterInbox>()
        .AddScoped<InboxSession>()
        .AddSingleton<ReceiptAttemptLimiter>();

    /// <summary>
    /// Refuses receipt attempts from a blocked address before the page runs: the blocked page renders no
    /// form, and a post to a form that is not rendered would otherwise fail as a bad request.
    /// </summary>
    public static WebApplication UseStatusAttemptLimit(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method)
                && context.Request.Path.Equals("/status", StringComparison.OrdinalIgnoreCase)
                && context.RequestServices.GetRequiredService<ReceiptAttemptLimiter>().IsBlocked(context))
            {
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = ((int)ReceiptAttemptLimiter.Window.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return;
            }

            await next(context);
        });
        return app;
    }

    /// <summary>Signs out from any page: deletes the server-side session, then shows the sign-in page with the outcome.</summary>
    public static WebApplication MapStatus(this WebApplication app)
    {
        app.MapPost(SignOutPath, async (HttpContext context, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery, InboxSession session) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.StatusCode(StatusCodes.Status400BadRequest);
            }

            await session.SignOutAsync(context, context.RequestAborted);
            Flash.Set(context, Flash.SignedOut);
            return Results.Redirect("/status");
        }).DisableAntiforgery();
        return app;
    }
}
