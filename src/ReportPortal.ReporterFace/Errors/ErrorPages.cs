namespace ReportPortal.ReporterFace.Errors;

public static class ErrorPages
{
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
