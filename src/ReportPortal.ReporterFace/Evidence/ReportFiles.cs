using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using ReportPortal.Core.Evidence;
using ReportPortal.Core.Safety;
using ReportPortal.ReporterFace.Secrets;

namespace ReportPortal.ReporterFace.Evidence;

/// <summary>What the report form shows about its files: the hidden claim, the files held, and what happened to the last ones sent.</summary>
public sealed record ReportFilesState(string? Token, IReadOnlyList<PendingFileRow> Files, IReadOnlyList<UploadResult> Results, bool Expired)
{
    public static readonly ReportFilesState None = new(null, [], [], false);
}

/// <summary>
/// Files chosen on the report form itself, before the report is sent. The form is multipart; every post to
/// it passes here first (before anything else reads the form, which would buffer the files readable in the
/// system's temp folder): the stream is read as the inbox upload reads it, the files are checked, cleaned and
/// sealed under the form's claim at once (<see cref="PendingEvidence"/>), and the page then binds the
/// remaining fields as usual, with the claim's hidden field replaced by one naming the new files.
/// </summary>
public static class ReportFiles
{
    public const string FormPath = "/report";

    /// <summary>Values on the report form: its questions and up to ten colleagues, each a few thousand characters at most.</summary>
    private const int MaxFields = 300;
    private const int MaxFieldLength = 16 * 1024;

    private static readonly object ResultsKey = new();

    public static IServiceCollection AddReportFiles(this IServiceCollection services) =>
        services.AddSingleton<PendingFilesHandOver>().AddHostedService<PendingEvidenceSweep>();

    /// <summary>A post of the report form as the page sends it (multipart), which only this reads off the wire.</summary>
    public static bool IsFormUpload(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method)
        && context.Request.Path.Equals(FormPath, StringComparison.OrdinalIgnoreCase)
        && !ErrorRequests.IsReExecuted(context)
        && context.Request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Must run before anything reads the report form (filing limits, form recovery, antiforgery).</summary>
    public static WebApplication UseReportFiles(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (!IsFormUpload(context))
            {
                await next(context);
                return;
            }

            var fields = new UploadFields(MaxFields, MaxFieldLength);
            var handOver = context.RequestServices.GetRequiredService<PendingFilesHandOver>();
            var token = (string?)null;
            IReadOnlyList<UploadResult>? results;
            try
            {
                results = await UploadHandling.ReceiveAsync(context, async (files, scratch) =>
                {
                    var pending = context.RequestServices.GetRequiredService<PendingEvidence>();
                    var intake = context.RequestServices.GetRequiredService<ReporterSecrets>().IntakePublicKey;
                    var claim = handOver.Unprotect(Value(fields, PendingFilesHandOver.Field)) ?? pending.NewClaim();
                    var (kept, outcomes) = await pending.AddAsync(claim, files, scratch, intake, context.RequestAborted);
                    token = handOver.Protect(kept);
                    return outcomes;
                }, fields);
            }
            catch (BadHttpRequestException e)
            {
                context.Response.StatusCode = e.StatusCode == StatusCodes.Status413PayloadTooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest;
                return;
            }
            catch (InvalidDataException)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            if (fields.All.Any(field => Safety.RequestChecks.HasNul(field.Value)))
            {
                // As for every other form (Safety/RequestChecks): PostgreSQL text cannot hold U+0000.
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            context.Items[ResultsKey] = results ?? [];
            var form = fields.All
                .Where(field => token is null || field.Key != PendingFilesHandOver.Field)
                .Concat(token is null ? [] : [new KeyValuePair<string, string>(PendingFilesHandOver.Field, token)])
                .GroupBy(field => field.Key, StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => new StringValues([.. group.Select(field => field.Value)]), StringComparer.Ordinal);
            // The page, antiforgery and form recovery read these fields; the body is spent.
            context.Features.Set<IFormFeature>(new FormFeature(new FormCollection(form)));
            await next(context);
        });
        return app;
    }

    /// <summary>
    /// The report form's files after this post: the files just added (by the middleware above), a removal
    /// asked for with <paramref name="removeId"/>, and the list the claim still holds.
    /// </summary>
    public static async Task<(ReportFilesState State, PendingClaim? Claim)> ResolveAsync(HttpContext context, string? token, Guid? removeId)
    {
        var handOver = context.RequestServices.GetRequiredService<PendingFilesHandOver>();
        var pending = context.RequestServices.GetRequiredService<PendingEvidence>();
        var results = context.Items[ResultsKey] as IReadOnlyList<UploadResult> ?? [];
        var claim = handOver.Unprotect(token);
        if (claim is null)
        {
            return (new ReportFilesState(null, [], results, Expired: !string.IsNullOrEmpty(token)), null);
        }

        if (removeId is { } id)
        {
            claim = await pending.RemoveAsync(claim, id, context.RequestAborted);
        }

        var files = await pending.ListAsync(claim, context.RequestAborted);
        return (new ReportFilesState(handOver.Protect(claim), files, results, Expired: false), claim);
    }

    private static string? Value(UploadFields fields, string name) =>
        fields.All.LastOrDefault(field => field.Key == name).Value;
}

/// <summary>
/// Deletes expired pending files every few minutes (ReportPortal:Evidence:PendingSweepMinutes) on the reporter
/// face, and upload folders a killed process left under its temp root (<see cref="ScratchSweep"/>).
/// </summary>
public sealed class PendingEvidenceSweep(IServiceScopeFactory scopes, ScratchSweep scratch, TimeProvider time, Microsoft.Extensions.Options.IOptions<EvidenceOptions> options,
    ILogger<PendingEvidenceSweep> logger) : PeriodicSweep(TimeSpan.FromMinutes(options.Value.PendingSweepMinutes), time, logger)
{
    protected override string Activity => "Sweeping expired pending files";

    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PendingEvidence>().SweepAsync(cancellationToken);
    }

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await SweepOnceAsync(cancellationToken);
        scratch.Pass();
    }
}
