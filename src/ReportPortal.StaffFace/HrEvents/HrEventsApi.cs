using System.Net.Http.Headers;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Database;
using ReportPortal.Core.HrEvents;
using ReportPortal.Crypto;
using ReportPortal.StaffFace.Secrets;

namespace ReportPortal.StaffFace.HrEvents;

/// <summary>The addresses of the HR events API and its description (DESIGN §7: internal API under /api/v1).</summary>
public static class HrEventsPaths
{
    public const string Api = "/api/v1";
    public const string Events = "/api/v1/hr-events";
    public const string Validate = "/api/v1/hr-events/validate";
    public const string OpenApiDocument = "/openapi/v1.json";
}

/// <summary>
/// Problem documents (RFC 9457, application/problem+json) of the API: every refusal says what is wrong in one
/// of these, never in a framework page. The type URIs are names, documented in docs/hr-events.md.
/// </summary>
public static class ApiProblems
{
    public const string TypePrefix = "urn:reportportal:problem:";
    public const string MissingKey = TypePrefix + "missing-api-key";
    public const string InvalidKey = TypePrefix + "invalid-api-key";
    public const string RevokedKey = TypePrefix + "revoked-api-key";
    public const string InsufficientScope = TypePrefix + "insufficient-scope";
    public const string UnsupportedMediaType = TypePrefix + "unsupported-media-type";
    public const string BatchTooLarge = TypePrefix + "batch-too-large";
    public const string TooManyEvents = TypePrefix + "too-many-events";
    public const string UnreadableBatch = TypePrefix + "unreadable-batch";
    public const string InvalidEvents = TypePrefix + "invalid-events";
    public const string NotApplied = TypePrefix + "not-applied";
    public const string Http = TypePrefix + "http";

    public static IResult Problem(int status, string type, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, instance: null, status, title, type, extensions);

    /// <summary>
    /// Requests under /api get problem documents for the framework's own refusals too (an unknown address, a
    /// wrong method): the staff face's HTML error pages are switched off for them.
    /// </summary>
    public static IApplicationBuilder UseApiProblems(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!context.Request.Path.StartsWithSegments(HrEventsPaths.Api, StringComparison.Ordinal) || context.Features.Get<IStatusCodeReExecuteFeature>() is not null)
        {
            await next(context);
            return;
        }

        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }

        await next(context);
        if (!context.Response.HasStarted && context.Response.StatusCode >= 400 && context.Response.ContentLength is null or 0)
        {
            var status = context.Response.StatusCode;
            await Problem(status, Http, ReasonPhrases.GetReasonPhrase(status), $"The API answered {status} to {context.Request.Method} {context.Request.Path}. See {HrEventsPaths.OpenApiDocument}.")
                .ExecuteAsync(context);
        }
    });
}

/// <summary>
/// Who is calling: the client whose key is in the Authorization header (Bearer), if it is live and holds the
/// scope. The key is hashed and looked up by its hash; a revoked key is told so, an unknown one is not told more.
/// </summary>
public sealed class ApiKeyCheck(ReportPortalDbContext db, StaffSecrets secrets)
{
    public sealed record Caller(HrApiClient Client, string ForceCode);

    public async Task<(Caller? Caller, IResult? Refusal)> CheckAsync(HttpRequest request, string scope, CancellationToken cancellationToken)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(header.Parameter))
        {
            return (null, Unauthorised(ApiProblems.MissingKey, "No API key",
                "Send the key an administrator made for your system in the Authorization header: Authorization: Bearer rphr_…"));
        }

        var presented = header.Parameter.Trim();
        var hash = ApiKeyToken.HasKeyShape(presented) ? secrets.Indexes.ApiKey(presented) : null;
        var client = hash is null ? null : await db.HrApiClients.AsNoTracking().SingleOrDefaultAsync(c => c.KeyHash == hash, cancellationToken);
        if (client is null)
        {
            return (null, Unauthorised(ApiProblems.InvalidKey, "Unknown API key", "This is not a key of this service. Ask an administrator for a key."));
        }

        if (client.RevokedAt is not null)
        {
            return (null, Unauthorised(ApiProblems.RevokedKey, "API key revoked", "This key was revoked by an administrator. Ask for a new one."));
        }

        if (!client.Scopes.Contains(scope))
        {
            return (null, ApiProblems.Problem(StatusCodes.Status403Forbidden, ApiProblems.InsufficientScope, "The key lacks a scope",
                $"This address needs a key with the scope \"{scope}\"; this key has {string.Join(", ", client.Scopes.Select(s => $"\"{s}\""))}."));
        }

        var forceCode = await db.Forces.AsNoTracking().Where(f => f.Id == client.ForceId).Select(f => f.Code).SingleAsync(cancellationToken);
        return (new Caller(client, forceCode), null);
    }

    private static WithHeader Unauthorised(string type, string title, string detail) =>
        new WithHeader(ApiProblems.Problem(StatusCodes.Status401Unauthorized, type, title, detail), "WWW-Authenticate", "Bearer");

    /// <summary>A result with one more response header (RFC 9110 asks for WWW-Authenticate on every 401).</summary>
    private sealed class WithHeader(IResult inner, string name, string value) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[name] = value;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
