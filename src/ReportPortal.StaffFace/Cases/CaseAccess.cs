using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Database;
using ReportPortal.StaffFace.Secrets;
using ReportPortal.StaffFace.Staff;

namespace ReportPortal.StaffFace.Cases;

/// <summary>
/// Which cases the signed-in member may work: handlers only, their own force only, and only cases they
/// hold a staff grant for. Anything else is "not found" alike, so a probe learns nothing about other cases.
/// </summary>
public sealed class CaseAccess(ReportPortalDbContext db, ICurrentStaff staff, StaffSecrets secrets)
{
    public Guid StaffMemberId => staff.StaffMemberId;

    /// <summary>The handler's force, or null when the member may not work cases here at all.</summary>
    public Guid? HandlerForceId => staff.IsInRole(StaffRoles.Handler) ? staff.ForceId : null;

    public IQueryable<Case> Workable()
    {
        if (HandlerForceId is not { } forceId)
        {
            return db.Cases.Where(_ => false);
        }

        var me = staff.StaffMemberId;
        return db.Cases.Where(c => c.ForceId == forceId
            && db.KeyGrants.Any(g => g.CaseId == c.Id && g.StaffMemberId == me && g.Holder == KeyHolder.Staff && g.Purpose == KeyPurpose.CaseContent));
    }

    /// <summary>The case key through the member's own grant and their own private key; null if either is missing.</summary>
    public async Task<byte[]?> OpenCaseKeyAsync(Guid caseId, CancellationToken cancellationToken)
    {
        var me = staff.StaffMemberId;
        var grant = await db.KeyGrants.AsNoTracking().FirstOrDefaultAsync(
            g => g.CaseId == caseId && g.StaffMemberId == me && g.Holder == KeyHolder.Staff && g.Purpose == KeyPurpose.CaseContent, cancellationToken);
        if (grant is null)
        {
            return null;
        }

        using var key = staff.UnlockPrivateKey();
        if (key is null)
        {
            return null;
        }

        try
        {
            return CaseGrants.OpenWithPrivateKey(grant, key, secrets.Retention);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
