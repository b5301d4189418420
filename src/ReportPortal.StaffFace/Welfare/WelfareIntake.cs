using System.Security.Cryptography;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Database;
using ReportPortal.Core.Staff;
using ReportPortal.StaffFace.Secrets;

namespace ReportPortal.StaffFace.Welfare;

/// <summary>
/// At intake, the case's welfare key (never its case key) goes to each eligible welfare lead of the force
/// (<see cref="WelfareLeads"/>); the intake welfare grant is deleted with the other intake grants.
/// </summary>
public static class WelfareIntake
{
    /// <summary>Adds the welfare grants to <paramref name="db"/> (saved with the rest of intake); returns the leads granted.</summary>
    public static async Task<IReadOnlyList<Guid>> GrantAsync(
        ReportPortalDbContext db, StaffSecrets secrets, Case @case, IEnumerable<KeyGrant> intakeGrants, IReadOnlyCollection<byte[]> named, DateOnly today, CancellationToken cancellationToken)
    {
        if (intakeGrants.SingleOrDefault(g => g.Purpose == KeyPurpose.Welfare) is not { } intakeGrant)
        {
            return [];
        }

        var leads = await WelfareLeads.EligibleAsync(db, @case.Id, @case.ForceId, named, cancellationToken);
        var granted = new List<Guid>();
        var welfareKey = CaseGrants.OpenWithPrivateKey(intakeGrant, secrets.IntakeKey, secrets.Retention);
        try
        {
            foreach (var lead in leads)
            {
                if (Wrap(lead, @case.Id, welfareKey, secrets, today, grantedBy: null) is { } grant)
                {
                    db.KeyGrants.Add(grant);
                    granted.Add(lead.Id);
                }
            }

            return granted;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(welfareKey);
        }
    }

    /// <summary>The welfare key wrapped to a member's pinned public key; null when the pin check fails.</summary>
    public static KeyGrant? Wrap(StaffMember member, Guid caseId, ReadOnlySpan<byte> welfareKey, StaffSecrets secrets, DateOnly today, Guid? grantedBy)
    {
        byte[] publicKey;
        try
        {
            publicKey = StaffKeys.VerifiedPublicKey(member, secrets.KeyPinKey);
        }
        catch (CryptographicException)
        {
            return null;
        }

        var grant = CaseGrants.ToPublicKey(caseId, KeyPurpose.Welfare, KeyHolder.Staff, welfareKey, publicKey, secrets.Retention, today);
        grant.StaffMemberId = member.Id;
        grant.GrantedByStaffMemberId = grantedBy;
        return grant;
    }
}
