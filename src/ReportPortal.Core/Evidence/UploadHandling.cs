using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ReportPortal.Core.Evidence;

/// <summary>
/// The part of an upload post both faces share: raise this request's body limit (the global one stays
/// small), check the form's antiforgery token from the first part of the stream before any file is
/// written, receive the files into a private folder, hand them on, and remove the folder whatever happens.
/// </summary>
public static class UploadHandling
{
    public const string UnavailableMessage = "We could not take your files just now, and nothing was kept. Please try again later.";

    /// <param name="keep">
    /// For a form whose answers matter: every field is kept here whatever happens to the files, a form with no
    /// file is not an error (an empty list), and a refused token is answered by the caller (null).
    /// </param>
    public static async Task<IReadOnlyList<UploadResult>?> ReceiveAsync(HttpContext context,
        Func<IncomingFile[], PrivateScratch, Task<IReadOnlyList<EvidenceOutcome>>> add, UploadFields? keep = null)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<EvidenceOptions>>().Value;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxUploadBytes;
        }

        PrivateScratch scratch;
        try
        {
            scratch = PrivateScratch.Create(options.TempRoot);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [new UploadResult(false, UnavailableMessage)];
        }

        await using (scratch)
        {
            var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
            var antiforgeryOptions = context.RequestServices.GetRequiredService<IOptions<AntiforgeryOptions>>().Value;
            try
            {
                var upload = await EvidenceUpload.ReadAsync(context.Request, scratch, options, async fields =>
                {
                    // The token travels as the form's first field; put where antiforgery reads it without
                    // buffering the form (its header), then checked as usual against the cookie.
                    context.Request.Headers[antiforgeryOptions.HeaderName!] = fields.GetValueOrDefault(antiforgeryOptions.FormFieldName, string.Empty);
                    return await antiforgery.IsRequestValidAsync(context);
                }, context.RequestAborted, keep);
                if (upload is null)
                {
                    return null;
                }

                if (upload.Files.Count == 0)
                {
                    return keep is null ? [new UploadResult(false, "Choose a file to add.")] : [];
                }

                var outcomes = await add([.. upload.Files], scratch);
                return [.. outcomes.Select(o => new UploadResult(o.Accepted, o.Message))];
            }
            catch (BadHttpRequestException)
            {
                // Over the body limit or malformed on the wire: the face answers with its own page.
                throw;
            }
            catch (IOException) when (!context.RequestAborted.IsCancellationRequested)
            {
                // The temporary folder filled up or could not be written.
                return [new UploadResult(false, UnavailableMessage)];
            }
            catch (UnauthorizedAccessException)
            {
                return [new UploadResult(false, UnavailableMessage)];
            }
        }
    }
}
