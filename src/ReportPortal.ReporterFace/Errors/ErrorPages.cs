using Microsoft.AspNetCore.Diagnostics;

namespace ReportPortal.ReporterFace.Errors;

public static class ErrorPages
{
    public static IServiceCollection AddReporterErrorPages(this IServiceCollection services) =>
        services.AddSingleton<IDeveloperPageExceptionFilter, NoDeveloperExceptionPage>();

    /// <summary>
    /// Every failure renders our own page: the developer exception page would echo request headers,
    /// the user agent among them, into the response.
    /// </summary>
    public static WebApplication UseReporterErrorPages(this WebApplication app)
    {
        app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/problem/{0}", createScopeForStatusCodePages: true);
        return app;
    }
}

/// <summary>
/// WebApplication puts the developer exception page in front of everything whenever the environment is
/// Development (as a local run may be). It shows request headers, cookies and the exception, so it
/// never renders here: a failure that gets past our own error page is a bare 500 with no details.
/// </summary>
public sealed class NoDeveloperExceptionPage : IDeveloperPageExceptionFilter
{
    public async Task HandleExceptionAsync(ErrorContext errorContext, Func<ErrorContext, Task> next)
    {
        var response = errorContext.HttpContext.Response;
        if (response.HasStarted)
        {
            return;
        }

        response.Clear();
        response.StatusCode = StatusCodes.Status500InternalServerError;
        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync("Sorry, there is a problem with the service. Please try again later.");
    }
}
