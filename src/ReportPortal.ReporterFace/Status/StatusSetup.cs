namespace ReportPortal.ReporterFace.Status;

public static class StatusSetup
{
    /// <summary>Where the header's sign-out button posts; it works from every page.</summary>
    public const string SignOutPath = "/status/sign-out";

    public static IServiceCollection AddStatus(this IServiceCollection services)
    {
        services.AddOptions<ReceiptAttemptOptions>().BindConfiguration(ReceiptAttemptOptions.Section);
        return services
            .AddScoped<ReporterInbox>()
            .AddScoped<InboxSession>()
            .AddScoped<ReceiptSignIn>()
            .AddSingleton<ReceiptAttemptLimiter>();
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
