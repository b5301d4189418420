using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using ReportPortal.ReporterFace.Status;

namespace ReportPortal.ReporterFace.Safety;

/// <summary>What a post carried when its form could not be checked (a stale or missing antiforgery token).</summary>
public sealed record HeldForm(string Action, IReadOnlyList<KeyValuePair<string, string>> Fields);

/// <summary>
/// A report or a reply posted with a token that no longer checks out (the page was open for hours, the
/// browser dropped a cookie) is not thrown away: its fields are held in a page of their own, with a fresh
/// token, and sent again with one button. Nothing is stored on the server, and nothing holding a receipt
/// is ever put back into a page.
/// </summary>
public static class FormRecovery
{
    public const string HeldPath = "/form/not-checked";

    private static readonly string[] RecoverablePaths = ["/report", "/status/inbox"];

    /// <summary>Must run before routing, so the held page is routed in place of the post.</summary>
    public static WebApplication UseFormRecovery(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method)
                && context.Request.HasFormContentType
                && !ErrorRequests.IsReExecuted(context)
                && RecoverablePaths.FirstOrDefault(p => context.Request.Path.Equals(p, StringComparison.OrdinalIgnoreCase)) is { } action
                && !await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
            {
                await HoldAsync(context, action);
            }

            await next(context);
        });
        return app;
    }

    public static HeldForm? HeldOf(HttpContext context) => context.Items[typeof(HeldForm)] as HeldForm;

    private static async Task HoldAsync(HttpContext context, string action)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var tokenField = context.RequestServices.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.FormFieldName;
        var inbox = context.RequestServices.GetRequiredService<ReporterInbox>();
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in form.Where(pair => pair.Key != tokenField))
        {
            foreach (var value in values)
            {
                if (!await inbox.ContainsAnyReceiptAsync(value, context.RequestAborted))
                {
                    fields.Add(new(name, value ?? string.Empty));
                }
            }
        }

        context.Items[typeof(HeldForm)] = new HeldForm(action, fields);
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = HeldPath;
        context.Request.QueryString = QueryString.Empty;
        context.SetEndpoint(null);
    }
}
