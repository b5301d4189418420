using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Database;
using ReportPortal.Core.Forces;

namespace ReportPortal.Core.Staff;

/// <summary>
/// A request to give an open case that no active member of staff holds any more (its only holder left) to a
/// named active handler, through escrow (DESIGN §3): nobody on staff can reassign such a case, since a grant
/// is made only by a key holder. Started by one custodian of the case's force, approved by a second, then
/// carried out by the operator tool with the offline escrow key, which checks everything again. It expires
/// unused after <see cref="StaffRecoveries.Lifetime"/>, as a staff recovery does.
/// </summary>
public sealed class CaseRegrantRequest
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid CaseId { get; set; }

    /// <summary>The case's force: custodians act within their own force only.</summary>
    public Guid ForceId { get; set; }

    /// <summary>The active handler of that force who is to hold the case key (never someone the conflict rule keeps away).</summary>
    public Guid HandlerStaffMemberId { get; set; }

    public Guid RequestedByStaffMemberId { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>The second custodian; the one who started it approved it by starting it.</summary>
    public Guid? ApprovedByStaffMemberId { get; set; }

    public DateTimeOffset? ApprovedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>When the operator tool made the grant; a request is carried out once.</summary>
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Optimistic concurrency: an approval and the operator's run cannot both act on one version.</summary>
    public int Version { get; set; }
}

public static class CaseRegrants
{
    public const string AwaitingApproval = StaffRecoveries.AwaitingApproval;
    public const string Approved = StaffRecoveries.Approved;
    public const string Completed = "Re-granted";
    public const string Expired = StaffRecoveries.Expired;

    public static string Status(CaseRegrantRequest request, DateTimeOffset now) =>
        request.CompletedAt is not null ? Completed
        : request.ExpiresAt <= now ? Expired
        : request.ApprovedByStaffMemberId is not null ? Approved
        : AwaitingApproval;

    /// <summary>
    /// Open cases of the force that no active member of staff holds the case key of, and that are not waiting
    /// for intake: only the escrow key opens them now, so only <c>regrant-case</c> gives them to someone.
    /// </summary>
    public static IQueryable<Case> Unheld(ReportPortalDbContext db, Guid forceId) =>
        db.Cases.Where(c => c.ForceId == forceId && c.Status != CaseStatus.Closed
            && !db.KeyGrants.Any(g => g.CaseId == c.Id && (g.Holder == KeyHolder.Intake
                || (g.Holder == KeyHolder.Staff && g.Purpose == KeyPurpose.CaseContent && db.StaffMembers.Any(m => m.Id == g.StaffMemberId && m.IsActive)))));

    /// <summary>Active handlers of the force, set up (a key and an authenticator), whom the conflict rule lets near the case: who may be named.</summary>
    public static IQueryable<StaffMember> EligibleHandlers(ReportPortalDbContext db, Guid caseId, Guid forceId, string handlerRole) =>
        ConflictRule.Eligible(db, caseId).Where(m => m.ForceId == forceId && m.IsActive && m.TwoFactorEnabled
            && db.StaffMemberRoles.Any(r => r.StaffMemberId == m.Id && r.Role == handlerRole));
}

internal sealed class CaseRegrantRequestConfiguration : IEntityTypeConfiguration<CaseRegrantRequest>
{
    public void Configure(EntityTypeBuilder<CaseRegrantRequest> builder)
    {
        builder.ToTable("CaseRegrantRequests");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasIndex(r => new { r.CaseId, r.CompletedAt });
        builder.HasIndex(r => r.ForceId);
        builder.HasOne<Case>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Force>().WithMany().HasForeignKey(r => r.ForceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(r => r.HandlerStaffMemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(r => r.RequestedByStaffMemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(r => r.ApprovedByStaffMemberId).OnDelete(DeleteBehavior.Restrict);
    }
}
