using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Database;
using ReportPortal.Core.Evidence;
using ReportPortal.Crypto;
using ReportPortal.StaffFace.Cases;
using ReportPortal.StaffFace.Secrets;
using ReportPortal.StaffFace.Staff;

namespace ReportPortal.StaffFace.Evidence;

/// <summary>A case's file as a handler sees it in the list.</summary>
public sealed record CaseFileRow(Guid Id, string Name, EvidenceKind? Kind, long Size, DateOnly AddedOn, bool MetadataRemoved, bool OriginalKept, bool FromStaff)
{
    public bool Previewable => MetadataRemoved && Kind?.Previewable == true;
}

/// <summary>
/// Case files on the internal side: the list on the case page, downloads, and handlers attaching documents.
/// A download is authenticated in full before its first byte is sent (a tampered or cut blob is a page that
/// says so, never partial content), always as an attachment with nosniff; only a cleaned raster image is
/// ever shown inline. Every download is in the audit chain.
/// </summary>
public static class CaseFilesEndpoints
{
    public const string Download = "file";
    public const string Original = "original";
    public const string Preview = "preview";
    public const string IntegrityMessage = "This file failed its integrity check: it has been altered or damaged, so none of it was sent. Tell your administrator.";

    public static string PathOf(Guid caseId, Guid fileId, string variant) => $"/staff/cases/{caseId}/files/{fileId}/{variant}";

    public static string UploadPathOf(Guid caseId) => $"/staff/cases/{caseId}/files";

    public static IServiceCollection AddCaseFiles(this IServiceCollection services, IConfiguration configuration) =>
        services.AddEvidence(configuration).AddSingleton<UploadResults>()
            .AddSingleton<OrphanBlobSweep>().AddHostedService<OrphanBlobSweeper>();

    public static WebApplication MapCaseFiles(this WebApplication app)
    {
        // Like the case pages: signed out goes to sign-in; any role but handler gets 404 (the scheme's forbidden answer).
        var files = app.MapGroup("/staff/cases/{caseId:guid}/files").RequireAuthorization(policy => policy.RequireRole(StaffRoles.Handler));
        files.MapGet("/{fileId:guid}/{variant}", DownloadAsync);
        files.MapPost(string.Empty, async (Guid caseId, HttpContext context, CaseAccess access, EvidenceFiling filing,
            ReportPortalDbContext db, StaffSecrets secrets, UploadResults results, AuditLog audit) =>
        {
            if (!await access.Workable().AnyAsync(c => c.Id == caseId, context.RequestAborted)
                || await access.OpenCaseKeyAsync(caseId, context.RequestAborted) is not { } caseKey)
            {
                return Results.NotFound();
            }

            try
            {
                var target = new EvidenceTarget(caseId, caseKey, ct => db.Database.BeginTransactionAsync(ct), access.StaffMemberId, Indexes: secrets.Indexes);
                var outcome = await UploadHandling.ReceiveAsync(context, (files, scratch) => filing.AddAsync(target, files, scratch, context.RequestAborted));
                if (outcome is null)
                {
                    return Results.BadRequest();
                }

                if (outcome.Any(o => o.Accepted))
                {
                    await audit.AppendAsync(AuditActions.EvidenceAdded, access.StaffMemberId, caseId, $"{outcome.Count(o => o.Accepted)} file(s)", context.RequestAborted);
                }

                results.Set(context, outcome, "/staff/cases");
                return Results.Redirect($"/staff/cases/{caseId}#files");
            }
            catch (BadHttpRequestException e)
            {
                return Results.StatusCode(e.StatusCode);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(caseKey);
            }
        }).DisableAntiforgery();
        return app;
    }

    /// <summary>The case's files, newest last, with names opened under the handler's own grant.</summary>
    public static async Task<IReadOnlyList<CaseFileRow>> ListAsync(ReportPortalDbContext db, byte[] caseKey, Guid caseId, CancellationToken cancellationToken)
    {
        var rows = await db.EvidenceFiles.AsNoTracking().Where(f => f.CaseId == caseId).OrderBy(f => f.AddedOn).ThenBy(f => f.Id).ToListAsync(cancellationToken);
        return [.. rows.Select(r =>
        {
            var description = EvidenceSetup.Describe(caseKey, r.CaseId, r.Id, r.SealedDescription);
            return new CaseFileRow(r.Id, description.Name, EvidenceKinds.ByName(description.Kind), description.Size, r.AddedOn, r.MetadataRemoved,
                r.OriginalStorageKey is not null, r.AddedByStaffMemberId is not null);
        })];
    }

    private static async Task DownloadAsync(Guid caseId, Guid fileId, string variant, HttpContext context, CaseAccess access, ReportPortalDbContext db,
        IEvidenceBlobStore blobs, AuditLog audit)
    {
        var cancellationToken = context.RequestAborted;
        var row = await db.EvidenceFiles.AsNoTracking().SingleOrDefaultAsync(f => f.Id == fileId && f.CaseId == caseId, cancellationToken);
        if (row is null || variant is not (Download or Original or Preview) || !await access.Workable().AnyAsync(c => c.Id == caseId, cancellationToken)
            || await access.OpenCaseKeyAsync(caseId, cancellationToken) is not { } caseKey)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        try
        {
            var description = EvidenceSetup.Describe(caseKey, caseId, fileId, row.SealedDescription);
            var kind = EvidenceKinds.ByName(description.Kind);
            var (storageKey, field) = variant == Original ? (row.OriginalStorageKey, EvidenceFiling.OriginalField) : (row.StorageKey, EvidenceFiling.FileField);
            if (storageKey is null || (variant == Preview && !(row.MetadataRemoved && kind?.Previewable == true)))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            var sealContext = new SealContext(caseId, fileId, field);
            try
            {
                // First pass: every chunk authenticates, to the end, before anything is sent.
                await using var check = blobs.OpenRead(storageKey);
                await FileSealer.OpenAsync(caseKey, check, Stream.Null, sealContext, cancellationToken);
            }
            catch (Exception e) when (e is CryptographicException or FileNotFoundException or DirectoryNotFoundException)
            {
                await audit.AppendAsync(AuditActions.EvidenceIntegrityFailed, access.StaffMemberId, caseId, $"{fileId:N} {variant}", cancellationToken);
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync(IntegrityMessage, cancellationToken);
                return;
            }

            await audit.AppendAsync(AuditActions.EvidenceDownloaded, access.StaffMemberId, caseId, $"{fileId:N} {variant}", cancellationToken);
            var name = variant == Original ? description.OriginalName ?? description.Name : description.Name;
            var disposition = new ContentDispositionHeaderValue(variant == Preview ? "inline" : "attachment");
            disposition.SetHttpFileName(name);
            context.Response.Headers.ContentDisposition = disposition.ToString();
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.ContentType = variant == Preview ? kind!.ContentType : "application/octet-stream";
            try
            {
                await using var content = blobs.OpenRead(storageKey);
                await FileSealer.OpenAsync(caseKey, content, context.Response.Body, sealContext, cancellationToken);
            }
            catch (CryptographicException)
            {
                // Changed between the two passes: cut the connection, so the browser reports a failed download.
                context.Abort();
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(caseKey);
        }
    }
}
