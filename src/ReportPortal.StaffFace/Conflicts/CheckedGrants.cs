using System.Security.Cryptography;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Database;
using ReportPortal.Core.Staff;
using ReportPortal.StaffFace.Secrets;

namespace ReportPortal.StaffFace.Conflicts;

/// <summary>
/// The one way a member of staff is given a key of a case on the staff face: the conflict rule first (named in
/// the report, or a declared conflict: never, whatever the purpose), then the member's pinned public key. The
/// caller holds the key it wraps, adds the returned grant in its own transaction and audits it.
/// </summary>
public static class CheckedGrants
{
    public sealed record Outcome(KeyGrant? Grant, string? Problem);

    public static async Task<Outcome> ToMemberAsync(
        ReportPortalDbContext db, StaffSecrets secrets, Guid caseId, KeyPurpose purpose, byte[] key, StaffMember member, Guid? grantedBy, DateOnly today, CancellationToken cancellationToken)
    {
        if (await ConflictRule.ExcludesAsync(db, caseId, member.Id, cancellationToken))
        {
            return new(null, $"{member.DisplayName} cannot be given this case: they are named in it or have declared a conflict of interest.");
        }

        byte[] publicKey;
        try
        {
            publicKey = StaffKeys.VerifiedPublicKey(member, secrets.KeyPinKey);
        }
        catch (CryptographicException)
        {
            return new(null, $"{member.DisplayName} cannot be given this case: their key failed its check. Ask an administrator.");
        }

        var grant = CaseGrants.ToPublicKey(caseId, purpose, KeyHolder.Staff, key, publicKey, secrets.Retention, today);
        grant.StaffMemberId = member.Id;
        grant.GrantedByStaffMemberId = grantedBy;
        db.KeyGrants.Add(grant);
        return new(grant, null);
    }
}
