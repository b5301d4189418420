using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Database;
using ReportPortal.Core.Disclosure;
using ReportPortal.Crypto;
using ReportPortal.ReporterFace.Status;

namespace ReportPortal.ReporterFace.Disclosure;

/// <summary>One approved request to see who the reporter is, as the reporter is told of it.</summary>
public sealed record DisclosureNotice(DisclosureStatus Status, string Reasons, DateOnly ToldOn, DateOnly ReleaseOn, bool RiskToLife, DateOnly? ReleasedOn, DateOnly? WithdrawnOn);

/// <summary>
/// The reporter's side of disclosure (docs/disclosure.md): every request a custodian approved, with the
/// requester's reasons opened with the reporter's own case key and the day their identity is (or was)
/// released. Requests still waiting or refused are not shown: nothing is going to happen to the reporter.
/// </summary>
public static class DisclosureNotices
{
    public static async Task<IReadOnlyList<DisclosureNotice>> LoadAsync(ReportPortalDbContext db, InboxAccess access, CancellationToken cancellationToken)
    {
        await using var transaction = await ReporterCaseProof.BeginAsync(db, access.ReceiptLookup, cancellationToken);
        var told = await db.DisclosureRequests.AsNoTracking()
            .Where(r => r.CaseId == access.CaseId && r.DecidedOn != null && r.ReleaseOn != null
                && (r.Status == DisclosureStatus.Approved || r.Status == DisclosureStatus.Released || r.Status == DisclosureStatus.Withdrawn))
            .OrderByDescending(r => r.DecidedOn).ThenBy(r => r.Id)
            .Select(r => new { r.Id, r.Status, r.SealedReporterNotice, r.DecidedOn, r.ReleaseOn, r.RiskToLife, r.ReleasedOn, r.WithdrawnOn })
            .ToListAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return told.Select(r => new DisclosureNotice(
            r.Status,
            Sealer.OpenText(access.CaseKey, r.SealedReporterNotice, new SealContext(access.CaseId, r.Id, DisclosureFields.ReporterNotice)),
            r.DecidedOn!.Value,
            r.ReleaseOn!.Value,
            r.RiskToLife,
            r.ReleasedOn,
            r.WithdrawnOn)).ToList();
    }
}
