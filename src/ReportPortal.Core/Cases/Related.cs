using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReportPortal.Core.Staff;

namespace ReportPortal.Core.Cases;

/// <summary>
/// A member of staff said they have a conflict of interest in a case. Kept for good: it removed their grants
/// and it refuses every later grant to them (<see cref="ConflictRule"/>). The reason is sealed under the staff
/// side's own key (they need not hold the case to declare).
/// </summary>
public sealed class ConflictDeclaration
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid CaseId { get; set; }

    public Guid StaffMemberId { get; set; }

    public DateOnly DeclaredOn { get; set; }

    public required byte[] SealedReason { get; set; }
}

/// <summary>
/// A staff-number index that keeps its holder away from a case: everyone the report names, under every force
/// code intake tried. Written at intake, so a staff account made later with that number is kept away too.
/// </summary>
public sealed class CaseExcludedStaffNumber
{
    public Guid CaseId { get; set; }

    public required byte[] StaffNumberIndex { get; set; }
}

public enum AccessRequestStatus
{
    Pending = 42,
    Granted = 43,
    Refused = 44,
}

/// <summary>
/// A handler asks for a related case they do not hold; a holder of that case grants or refuses, with reasons.
/// Reasons are sealed under the staff side's own key: the requester cannot seal under a case key they lack.
/// </summary>
public sealed class AccessRequest
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>The case asked for.</summary>
    public Guid CaseId { get; set; }

    /// <summary>The case the requester holds that the requested one is related to.</summary>
    public Guid FromCaseId { get; set; }

    public Guid RequesterStaffMemberId { get; set; }

    public DateOnly RequestedOn { get; set; }

    public required byte[] SealedReasons { get; set; }

    public AccessRequestStatus Status { get; set; } = AccessRequestStatus.Pending;

    public Guid? DecidedByStaffMemberId { get; set; }

    public DateOnly? DecidedOn { get; set; }

    public byte[]? SealedDecisionReasons { get; set; }

    /// <summary>Optimistic concurrency: two holders deciding at once cannot both land.</summary>
    public int Version { get; set; }
}

/// <summary>
/// Two cases a handler who holds both linked on purpose, with a reason sealed under each case's key so the
/// holders of either can read it. Unlinking keeps the row, with its own reason, as history.
/// </summary>
public sealed class CaseLink
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid FirstCaseId { get; set; }

    public Guid SecondCaseId { get; set; }

    public Guid LinkedByStaffMemberId { get; set; }

    public DateOnly LinkedOn { get; set; }

    public required byte[] SealedReasonFirst { get; set; }

    public required byte[] SealedReasonSecond { get; set; }

    public Guid? UnlinkedByStaffMemberId { get; set; }

    public DateOnly? UnlinkedOn { get; set; }

    public byte[]? SealedUnlinkReasonFirst { get; set; }

    public byte[]? SealedUnlinkReasonSecond { get; set; }
}

internal sealed class ConflictDeclarationConfiguration : IEntityTypeConfiguration<ConflictDeclaration>
{
    public void Configure(EntityTypeBuilder<ConflictDeclaration> builder)
    {
        builder.ToTable("ConflictDeclarations");
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.HasIndex(d => new { d.CaseId, d.StaffMemberId }).IsUnique();
        builder.HasIndex(d => d.StaffMemberId);
        builder.HasOne<Case>().WithMany().HasForeignKey(d => d.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(d => d.StaffMemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CaseExcludedStaffNumberConfiguration : IEntityTypeConfiguration<CaseExcludedStaffNumber>
{
    public void Configure(EntityTypeBuilder<CaseExcludedStaffNumber> builder)
    {
        builder.ToTable("CaseExcludedStaffNumbers");
        builder.HasKey(e => new { e.CaseId, e.StaffNumberIndex });
        builder.HasIndex(e => e.StaffNumberIndex);
        builder.HasOne<Case>().WithMany().HasForeignKey(e => e.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AccessRequestConfiguration : IEntityTypeConfiguration<AccessRequest>
{
    public void Configure(EntityTypeBuilder<AccessRequest> builder)
    {
        builder.ToTable("AccessRequests", t => t.HasCheckConstraint("CK_AccessRequests_Status", StoredNames.AccessRequestStatus.CheckSql("Status")));
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Status).HasConversion(StoredNames.AccessRequestStatus.Converter).HasMaxLength(CaseConfiguration.FixedNamesLength);
        builder.Property(r => r.Version).IsConcurrencyToken();
        // One open request per member and case: asking twice adds nothing.
        builder.HasIndex(r => new { r.CaseId, r.RequesterStaffMemberId }).IsUnique().HasFilter("\"Status\" = 'pending'").HasDatabaseName("IX_AccessRequests_Open");
        builder.HasIndex(r => new { r.RequesterStaffMemberId, r.RequestedOn });
        builder.HasIndex(r => new { r.CaseId, r.Status });
        builder.HasOne<Case>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Case>().WithMany().HasForeignKey(r => r.FromCaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(r => r.RequesterStaffMemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CaseLinkConfiguration : IEntityTypeConfiguration<CaseLink>
{
    public void Configure(EntityTypeBuilder<CaseLink> builder)
    {
        builder.ToTable("CaseLinks");
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.HasIndex(l => new { l.FirstCaseId, l.SecondCaseId }).IsUnique().HasFilter("\"UnlinkedOn\" IS NULL").HasDatabaseName("IX_CaseLinks_Active");
        builder.HasIndex(l => l.SecondCaseId);
        builder.HasOne<Case>().WithMany().HasForeignKey(l => l.FirstCaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Case>().WithMany().HasForeignKey(l => l.SecondCaseId).OnDelete(DeleteBehavior.Cascade);
    }
}
