using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace ReportPortal.Core.Safety;

/// <summary>Requests re-run to render an error or problem page.</summary>
public static class ErrorRequests
{
    public static bool IsReExecuted(HttpContext context) =>
        context.Features.Get<IStatusCodeReExecuteFeature>() is not null
        || context.Features.Get<IExceptionHandlerFeature>() is not null;

    /// <summary>
    /// An error page has no form. Re-run as the POST that failed, it would be refused again (for the same
    /// missing antiforgery token, or for naming a form it does not have) and show nothing at all.
    /// </summary>
    public static void RenderAsGet(HttpContext context) => context.Request.Method = HttpMethods.Get;
}
