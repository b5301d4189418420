using ReportPortal.Core.Safety;

namespace ReportPortal.ReporterFace.Safety;

/// <summary>
/// Turns requests the pages cannot handle into the friendly problem page of the right kind before any
/// page runs, so that the framework never answers with its own text or an exception carrying what was sent.
/// </summary>
public static class RequestChecks
{
    /// <summary>The status to answer with instead of running the page, or null when the request is fine.</summary>
    public static async Task<int?> RefusalAsync(HttpContext context)
    {
        var request = context.Request;
        var hosts = context.RequestServices.GetRequiredService<AllowedHosts>();
        if (!hosts.Allows(request.Host))
        {
            // The problem page is rendered for a host we chose: pages build their base address from it,
            // and one that is missing or malformed would fail them.
            request.Host = new HostString(hosts.Names[0]);
            return StatusCodes.Status400BadRequest;
        }

        // The evidence upload and the report form with its files stream their own bodies under their own,
        // larger limit (Evidence/EvidenceEndpoints, Evidence/ReportFiles).
        var isUpload = (HttpMethods.IsPost(request.Method) && request.Path.Equals(Evidence.EvidenceEndpoints.UploadPath, StringComparison.OrdinalIgnoreCase))
            || Evidence.ReportFiles.IsFormUpload(context);

        // Kestrel enforces the limit on the wire; this answers declared oversize bodies at once, on any server.
        if (!isUpload && request.ContentLength > SafetySetup.MaxRequestBodyBytes)
        {
            return StatusCodes.Status413PayloadTooLarge;
        }

        if (request.Query.Any(pair => HasNul(pair.Value)))
        {
            return StatusCodes.Status400BadRequest;
        }

        if (isUpload || !request.HasFormContentType)
        {
            return null;
        }

        try
        {
            // Read here once (the pages get the same parsed form) so that a body Kestrel cuts off or a
            // malformed one becomes our page, not an exception whose message may quote the request.
            var form = await request.ReadFormAsync(context.RequestAborted);
            // PostgreSQL text cannot hold U+0000, and no one types it.
            return form.Any(pair => HasNul(pair.Value)) ? StatusCodes.Status400BadRequest : null;
        }
        catch (BadHttpRequestException e)
        {
            return e.StatusCode == StatusCodes.Status413PayloadTooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest;
        }
        catch (InvalidDataException)
        {
            return StatusCodes.Status400BadRequest;
        }
    }

    public static bool HasNul(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Any(value => value is not null && value.Contains('\0', StringComparison.Ordinal));
}
