using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;
using ReportPortal.StaffFace.Conflicts;
using ReportPortal.StaffFace.Disclosure;
using ReportPortal.StaffFace.Secrets;
using ReportPortal.StaffFace.Staff;
using ReportPortal.StaffFace.Welfare;

namespace ReportPortal.StaffFace.LateJoiners;

/// <summary>
/// Intake wraps a case's identity key for the custodians of that day and its welfare key for the welfare leads of
/// that day; anyone who joins the force, or gains the role, later would never get them. So whenever a custodian or
/// welfare lead who holds such a key loads the staff home page or their queue, their own session opens their
/// grant and wraps the key for each member now eligible who has none: the same rule as intake (an active member
/// of the case's force with the role, whom the conflict rule does not keep away), each grant audited as made by
/// the holder. Never the case key: a welfare lead gets the welfare key only.
/// </summary>
public sealed class LateJoinerGrants(
    ReportPortalDbContext db, ICurrentStaff staff, StaffSecrets secrets, AuditLog audit, TimeProvider time, ILogger<LateJoinerGrants> logger)
{
    /// <summary>Shares every identity and welfare key the signed-in member holds with those who should hold it too; returns how many grants were made.</summary>
    public async Task<int> ShareAsync(CancellationToken cancellationToken)
    {
        var made = 0;
        if (staff.IsInRole(StaffRoles.Custodian))
        {
            made += await ShareAsync(KeyPurpose.ReporterIdentity, StaffRoles.Custodian, cancellationToken);
        }

        if (staff.IsInRole(StaffRoles.WelfareLead))
        {
            made += await ShareAsync(KeyPurpose.Welfare, StaffRoles.WelfareLead, cancellationToken);
        }

        return made;
    }

    private async Task<int> ShareAsync(KeyPurpose purpose, string role, CancellationToken cancellationToken)
    {
        var me = staff.StaffMemberId;
        // The cases whose key of this purpose the member holds, where someone of the force with the role has none
        // (the conflict rule is asked per case below, so a case whose only such member is kept away costs a query).
        var candidates = await db.KeyGrants.AsNoTracking()
            .Where(g => g.StaffMemberId == me && g.Holder == KeyHolder.Staff && g.Purpose == purpose)
            .Join(db.Cases, g => g.CaseId, c => c.Id, (g, c) => new { g.CaseId, c.ForceId })
            .Where(x => db.StaffMembers.Any(s => s.ForceId == x.ForceId && s.IsActive
                && db.StaffMemberRoles.Any(r => r.StaffMemberId == s.Id && r.Role == role)
                && !db.KeyGrants.Any(o => o.CaseId == x.CaseId && o.StaffMemberId == s.Id && o.Holder == KeyHolder.Staff && o.Purpose == purpose)))
            .ToListAsync(cancellationToken);
        if (candidates.Count == 0)
        {
            return 0;
        }

        using var privateKey = staff.UnlockPrivateKey();
        if (privateKey is null)
        {
            return 0;
        }

        var made = 0;
        foreach (var candidate in candidates)
        {
            made += await ShareCaseAsync(candidate.CaseId, candidate.ForceId, purpose, privateKey, cancellationToken);
        }

        return made;
    }

    private async Task<int> ShareCaseAsync(Guid caseId, Guid forceId, KeyPurpose purpose, Crypto.KeyPair privateKey, CancellationToken cancellationToken)
    {
        var me = staff.StaffMemberId;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // One sharer per case at a time: two holders loading a page together must not both wrap for the same member.
        await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "Cases" WHERE "Id" = {caseId} FOR NO KEY UPDATE""", cancellationToken);
        var eligible = purpose == KeyPurpose.Welfare
            ? await WelfareLeads.EligibleAsync(db, caseId, forceId, [], cancellationToken)
            : await IdentityCustodians.EligibleAsync(db, caseId, forceId, cancellationToken);
        var holders = await db.KeyGrants.AsNoTracking()
            .Where(g => g.CaseId == caseId && g.Holder == KeyHolder.Staff && g.Purpose == purpose && g.StaffMemberId != null)
            .Select(g => g.StaffMemberId!.Value)
            .ToListAsync(cancellationToken);
        var lacking = eligible.Where(m => !holders.Contains(m.Id)).ToList();
        var own = await db.KeyGrants.AsNoTracking().FirstOrDefaultAsync(
            g => g.CaseId == caseId && g.StaffMemberId == me && g.Holder == KeyHolder.Staff && g.Purpose == purpose, cancellationToken);
        if (lacking.Count == 0 || own is null)
        {
            return 0;
        }

        byte[] key;
        try
        {
            key = CaseGrants.OpenWithPrivateKey(own, privateKey, secrets.Retention);
        }
        catch (CryptographicException)
        {
            // A grant wrapped to a key the member no longer has (recovered, not yet re-wrapped): someone else shares it.
            return 0;
        }

        var made = new List<Guid>();
        try
        {
            var today = UkCalendar.Today(time);
            foreach (var member in lacking)
            {
                var outcome = await CheckedGrants.ToMemberAsync(db, secrets, caseId, purpose, key, member, grantedBy: me, today, cancellationToken);
                if (outcome.Grant is null)
                {
                    logger.LogWarning("Staff member {StaffMemberId} was not given a key of a case after intake: their public key failed its pin check.", member.Id);
                    continue;
                }

                made.Add(member.Id);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var member in made)
        {
            await audit.AppendAsync(AuditActions.GrantMade, me, caseId, $"{StoredNames.Purpose[purpose]} to {member:N}: joined after intake", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return made.Count;
    }
}

public static class LateJoinerSetup
{
    public static IServiceCollection AddLateJoinerGrants(this IServiceCollection services) => services.AddScoped<LateJoinerGrants>();
}
