using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Staff;

namespace ReportPortal.Core.Disclosure;

internal sealed class DisclosureRequestConfiguration : IEntityTypeConfiguration<DisclosureRequest>
{
    public void Configure(EntityTypeBuilder<DisclosureRequest> builder)
    {
        builder.ToTable("DisclosureRequests", t => t.HasCheckConstraint("CK_DisclosureRequests_Status", StoredNames.DisclosureStatus.CheckSql("Status")));
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Status).HasConversion(StoredNames.DisclosureStatus.Converter).HasMaxLength(CaseConfiguration.FixedNamesLength);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.Property(r => r.HeldGrantKeyId).HasMaxLength(64);
        builder.Property(r => r.HeldGrantRetentionKeyId).HasMaxLength(32);
        builder.HasOne<Case>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(r => r.RequestedByStaffMemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Decisions).WithOne().HasForeignKey(d => d.RequestId).OnDelete(DeleteBehavior.Cascade);
        // One open request per requester and case: asking again while one waits would only repeat the notice.
        builder.HasIndex(r => new { r.CaseId, r.RequestedByStaffMemberId })
            .IsUnique()
            .HasFilter("\"Status\" IN ('awaiting-decision', 'approved')")
            .HasDatabaseName("IX_DisclosureRequests_OpenPerRequester");
        // The custodians' queue: a force's open requests; the release pass: approved ones by day.
        builder.HasIndex(r => new { r.ForceId, r.Status });
        builder.HasIndex(r => new { r.Status, r.ReleaseOn });
    }
}

internal sealed class DisclosureDecisionConfiguration : IEntityTypeConfiguration<DisclosureDecision>
{
    public void Configure(EntityTypeBuilder<DisclosureDecision> builder)
    {
        builder.ToTable("DisclosureDecisions");
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(d => d.StaffMemberId).OnDelete(DeleteBehavior.Restrict);
        // A custodian decides a request once: two approvals are two people.
        builder.HasIndex(d => new { d.RequestId, d.StaffMemberId }).IsUnique();
        builder.HasIndex(d => d.StaffMemberId);
    }
}
