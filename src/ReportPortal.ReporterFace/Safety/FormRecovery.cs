using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using ReportPortal.Core.Safety;

namespace ReportPortal.ReporterFace.Safety;

/// <summary>What a post carried when its form could not be checked (a stale or missing antiforgery token).</summary>
public sealed record HeldForm(string Action, IReadOnlyList<KeyValuePair<string, string>> Fields);

/// <summary>
/// A report or a reply posted with a token that no longer checks out (the page was open for hours, the
/// browser dropped a cookie) is not thrown away: its fields are held in a page of their own, with a fresh
/// token, and sent again with one button. Nothing is stored on the server, and nothing shaped like a
/// receipt is ever put back into a page.
/// Only a post that came from this site is held: a cross-site post (an attacker's page submitting to us)
/// must never be turned into a same-site form with a valid token, or a stranger could put words into a
/// reporter's inbox or a receipt of their choosing into a reporter's report. And the report's hand-over
/// token (which carries a receipt) is never carried through: a held report gets a new receipt.
/// </summary>
public static class FormRecovery
{
    public const string HeldPath = "/form/not-checked";

    private static readonly string[] RecoverablePaths = ["/report", "/status/inbox", CheckIns.CheckInSetup.Path];

    /// <summary>Must run before routing, so the held page is routed in place of the post.</summary>
    public static WebApplication UseFormRecovery(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method)
                && context.Request.HasFormContentType
                && !ErrorRequests.IsReExecuted(context)
                && RecoverablePaths.FirstOrDefault(p => context.Request.Path.Equals(p, StringComparison.OrdinalIgnoreCase)) is { } action
                && CameFromThisSite(context)
                && !await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
            {
                await HoldAsync(context, action);
            }

            await next(context);
        });
        return app;
    }

    public static HeldForm? HeldOf(HttpContext context) => context.Items[typeof(HeldForm)] as HeldForm;

    /// <summary>Fields never held: the token (a fresh one is rendered), the receipt hand-over and the files' claim (it carries a key).</summary>
    public static bool IsHoldable(string field, string antiforgeryField) =>
        field != antiforgeryField && field != Reporting.ReportForm.Names.ReceiptToken && field != Evidence.PendingFilesHandOver.Field;

    /// <summary>
    /// Browsers say where a post came from (Sec-Fetch-Site); one that says nothing is trusted only if it
    /// carries our antiforgery cookie, which a cross-site post never does (the cookie is SameSite=Strict).
    /// </summary>
    public static bool CameFromThisSite(HttpContext context)
    {
        var site = context.Request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return site == "same-origin";
        }

        var cookie = context.RequestServices.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.Name;
        return cookie is not null && context.Request.Cookies.ContainsKey(cookie);
    }

    private static async Task HoldAsync(HttpContext context, string action)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var tokenField = context.RequestServices.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.FormFieldName;
        var fields = form.Where(pair => IsHoldable(pair.Key, tokenField))
            .SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string>(pair.Key, value ?? string.Empty)))
            .Where(field => !Crypto.Receipt.LooksLikeOneIn(field.Value))
            .ToList();

        context.Items[typeof(HeldForm)] = new HeldForm(action, fields);
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = HeldPath;
        context.Request.QueryString = QueryString.Empty;
        context.SetEndpoint(null);
    }
}
