using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Forces;
using ReportPortal.Core.Staff;

namespace ReportPortal.Core.Retention;

internal sealed class RetentionSettingsConfiguration : IEntityTypeConfiguration<RetentionSettings>
{
    public void Configure(EntityTypeBuilder<RetentionSettings> builder)
    {
        builder.ToTable("RetentionSettings");
        builder.HasKey(r => r.ForceId);
        builder.Property(r => r.Version).IsRowVersion();
        builder.HasOne<Force>().WithOne().HasForeignKey<RetentionSettings>(r => r.ForceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LegalHoldConfiguration : IEntityTypeConfiguration<LegalHold>
{
    public void Configure(EntityTypeBuilder<LegalHold> builder)
    {
        builder.ToTable("LegalHolds", t =>
        {
            t.HasCheckConstraint("CK_LegalHolds_Reason", StoredNames.LegalHoldReason.CheckSql("Reason"));
            t.HasCheckConstraint("CK_LegalHolds_LiftReason", StoredNames.LegalHoldRelease.CheckSql("LiftReason"));
        });
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.Reason).HasConversion(StoredNames.LegalHoldReason.Converter).HasMaxLength(CaseConfiguration.FixedNamesLength);
        builder.Property(h => h.LiftReason).HasConversion(StoredNames.LegalHoldRelease.Converter).HasMaxLength(CaseConfiguration.FixedNamesLength);
        builder.HasOne<Case>().WithMany().HasForeignKey(h => h.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(h => h.PlacedByStaffMemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(h => h.LiftedByStaffMemberId).OnDelete(DeleteBehavior.Restrict);
        // At most one active hold per case: placing a second while one stands is refused by the database.
        builder.HasIndex(h => h.CaseId).IsUnique().HasFilter("\"LiftedOn\" IS NULL").HasDatabaseName("IX_LegalHolds_ActivePerCase");
    }
}

internal sealed class CaseTombstoneConfiguration : IEntityTypeConfiguration<CaseTombstone>
{
    public void Configure(EntityTypeBuilder<CaseTombstone> builder)
    {
        builder.ToTable("CaseTombstones", t => t.HasCheckConstraint("CK_CaseTombstones_Outcome", StoredNames.Outcome.CheckSql("Outcome")));
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Outcome).HasConversion(StoredNames.Outcome.Converter).HasMaxLength(CaseConfiguration.FixedNamesLength);
        builder.HasOne<Force>().WithMany().HasForeignKey(t => t.ForceId).OnDelete(DeleteBehavior.Restrict);
    }
}
