using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReportPortal.Core.Forces;

namespace ReportPortal.Core.Staff;

/// <summary>
/// A request to recover a staff member who lost their password (DESIGN §3): started by one custodian of
/// the member's force, approved by a second, then carried out offline by the operator tool with the
/// escrow private key. It expires unused after <see cref="StaffRecoveries.Lifetime"/>.
/// </summary>
public sealed class StaffRecoveryRequest
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid StaffMemberId { get; set; }

    /// <summary>The member's force when asked (null for a national account); custodians act within it only.</summary>
    public Guid? ForceId { get; set; }

    public Guid RequestedByStaffMemberId { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>When the operator tool recovered the account; a request is carried out once.</summary>
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Optimistic concurrency: an approval and the operator's run cannot both act on one version.</summary>
    public int Version { get; set; }

    public List<StaffRecoveryApproval> Approvals { get; set; } = [];
}

/// <summary>One custodian's approval of a recovery request (the custodian who started it approves by starting it).</summary>
public sealed class StaffRecoveryApproval
{
    public Guid RequestId { get; set; }

    public Guid CustodianStaffMemberId { get; set; }

    public DateTimeOffset ApprovedAt { get; set; }
}

public static class StaffRecoveries
{
    /// <summary>The custodian role's stored name (the staff face's StaffRoles.Custodian): checked again when the operator runs.</summary>
    public const string CustodianRole = "custodian";

    public const int ApprovalsNeeded = 2;

    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(2);

    public const string AwaitingApproval = "Waiting for a second custodian";
    public const string Approved = "Approved: ready for the operator";
    public const string Completed = "Recovered";
    public const string Expired = "Expired";

    public static string Status(StaffRecoveryRequest request, int approvals, DateTimeOffset now) =>
        request.CompletedAt is not null ? Completed
        : request.ExpiresAt <= now ? Expired
        : approvals >= ApprovalsNeeded ? Approved
        : AwaitingApproval;
}

internal sealed class StaffRecoveryRequestConfiguration : IEntityTypeConfiguration<StaffRecoveryRequest>
{
    public void Configure(EntityTypeBuilder<StaffRecoveryRequest> builder)
    {
        builder.ToTable("StaffRecoveryRequests");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasIndex(r => new { r.StaffMemberId, r.CompletedAt });
        builder.HasIndex(r => r.ForceId);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(r => r.StaffMemberId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(r => r.RequestedByStaffMemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Force>().WithMany().HasForeignKey(r => r.ForceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Approvals).WithOne().HasForeignKey(a => a.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StaffRecoveryApprovalConfiguration : IEntityTypeConfiguration<StaffRecoveryApproval>
{
    public void Configure(EntityTypeBuilder<StaffRecoveryApproval> builder)
    {
        builder.ToTable("StaffRecoveryApprovals");
        builder.HasKey(a => new { a.RequestId, a.CustodianStaffMemberId });
        builder.HasIndex(a => a.CustodianStaffMemberId);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(a => a.CustodianStaffMemberId).OnDelete(DeleteBehavior.Restrict);
    }
}
