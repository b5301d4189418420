using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Database;
using ReportPortal.Core.Evidence;
using ReportPortal.ReporterFace.Secrets;
using ReportPortal.ReporterFace.Status;

namespace ReportPortal.ReporterFace.Evidence;

/// <summary>A file as the reporter sees it in their inbox.</summary>
public sealed record ReporterFileRow(string Name, DateOnly AddedOn, bool MetadataRemoved, bool OriginalKept);

/// <summary>
/// Files from the reporter's inbox: a plain multipart form posts to <see cref="UploadPath"/> (no script),
/// the only address on this face whose body may be larger than the small global limit.
/// </summary>
public static class EvidenceEndpoints
{
    public const string UploadPath = "/status/files";
    public const string ReturnPath = "/status/inbox";

    public static IServiceCollection AddReporterEvidence(this IServiceCollection services, IConfiguration configuration) =>
        services.AddEvidence(configuration).AddSingleton<UploadResults>();

    public static WebApplication MapReporterEvidence(this WebApplication app)
    {
        app.MapPost(UploadPath, async (HttpContext context, InboxSession session, EvidenceFiling filing, ReportPortalDbContext db, ReporterSecrets secrets, UploadResults results) =>
        {
            using var access = await session.ResumeAsync(context, context.RequestAborted);
            if (access is null)
            {
                // Signed out while choosing files: the files cannot be kept, and the sign-in page says the session ended.
                Flash.Set(context, Flash.SessionEnded);
                return Results.Redirect("/status");
            }

            var target = new EvidenceTarget(access.CaseId, access.CaseKey, ct => ReporterCaseProof.BeginAsync(db, access.ReceiptLookup, ct),
                IntakePublicKey: secrets.IntakePublicKey);
            IReadOnlyList<UploadResult>? outcome;
            try
            {
                outcome = await UploadHandling.ReceiveAsync(context, (files, scratch) => filing.AddAsync(target, files, scratch, context.RequestAborted));
            }
            catch (BadHttpRequestException e)
            {
                return Results.StatusCode(e.StatusCode == StatusCodes.Status413PayloadTooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest);
            }
            catch (InvalidDataException)
            {
                return Results.StatusCode(StatusCodes.Status400BadRequest);
            }

            if (outcome is null)
            {
                return Results.StatusCode(StatusCodes.Status400BadRequest);
            }

            results.Set(context, outcome, "/status");
            return Results.Redirect(ReturnPath + "#files");
        }).DisableAntiforgery();
        return app;
    }

    /// <summary>The files the reporter sent (not documents handlers attached), names opened with the case key, in a transaction that presents the case's proof.</summary>
    public static async Task<IReadOnlyList<ReporterFileRow>> ListAsync(ReportPortalDbContext db, InboxAccess access, CancellationToken cancellationToken)
    {
        await using var transaction = await ReporterCaseProof.BeginAsync(db, access.ReceiptLookup, cancellationToken);
        var rows = await db.EvidenceFiles.AsNoTracking()
            .Where(f => f.CaseId == access.CaseId && f.AddedByStaffMemberId == null)
            .OrderBy(f => f.AddedOn).ThenBy(f => f.Id)
            .Select(f => new { f.Id, f.CaseId, f.SealedDescription, f.AddedOn, f.MetadataRemoved, f.OriginalSealedLength })
            .ToListAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return [.. rows.Select(r => new ReporterFileRow(
            EvidenceSetup.Describe(access.CaseKey, r.CaseId, r.Id, r.SealedDescription).Name, r.AddedOn, r.MetadataRemoved, r.OriginalSealedLength is not null))];
    }
}
