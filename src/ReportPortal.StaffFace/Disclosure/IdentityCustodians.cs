using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Database;
using ReportPortal.Core.Staff;
using ReportPortal.StaffFace.Secrets;
using ReportPortal.StaffFace.Staff;

namespace ReportPortal.StaffFace.Disclosure;

/// <summary>
/// At intake, the identity key of a confidential reporter is granted to the force's active custodians
/// (never to handlers as such), except anyone intake's own rule keeps away from the case. A custodian who
/// is also a handler holds both grants separately; holding the identity grant as a custodian lets them
/// decide requests, never read the identity on a handler's behalf.
/// </summary>
public static class IdentityCustodians
{
    /// <summary>The active custodians of the force the conflict rule does not keep away from the case: who may hold its identity key.</summary>
    public static Task<List<StaffMember>> EligibleAsync(ReportPortalDbContext db, Guid caseId, Guid forceId, CancellationToken cancellationToken) =>
        ConflictRule.Eligible(db, caseId).AsNoTracking()
            .Where(s => s.ForceId == forceId && s.IsActive
                && db.StaffMemberRoles.Any(r => r.StaffMemberId == s.Id && r.Role == StaffRoles.Custodian))
            .ToListAsync(cancellationToken);

    /// <summary>Adds (unsaved) an identity grant for each custodian <paramref name="excluded"/> does not keep away; returns how many.</summary>
    public static async Task<int> GrantAsync(
        ReportPortalDbContext db, StaffSecrets secrets, ILogger logger, Case @case, ReadOnlyMemory<byte> identityKey, Func<StaffMember, bool> excluded, DateOnly today, CancellationToken cancellationToken)
    {
        var custodians = await EligibleAsync(db, @case.Id, @case.ForceId, cancellationToken);
        var granted = 0;
        foreach (var custodian in custodians.Where(c => !excluded(c)))
        {
            byte[] publicKey;
            try
            {
                publicKey = StaffKeys.VerifiedPublicKey(custodian, secrets.KeyPinKey);
            }
            catch (CryptographicException)
            {
                logger.LogWarning("Custodian {StaffMemberId} was not given an identity key: their public key failed its pin check.", custodian.Id);
                continue;
            }

            var grant = CaseGrants.ToPublicKey(@case.Id, KeyPurpose.ReporterIdentity, KeyHolder.Staff, identityKey.Span, publicKey, secrets.Retention, today);
            grant.StaffMemberId = custodian.Id;
            db.KeyGrants.Add(grant);
            granted++;
        }

        if (granted == 0)
        {
            // The identity stays openable through escrow only (DESIGN §3): an operator recovers it with the offline key.
            logger.LogWarning("A confidential reporter's identity key went to no custodian: force {ForceId} has none who can receive it.", @case.ForceId);
        }

        return granted;
    }
}
