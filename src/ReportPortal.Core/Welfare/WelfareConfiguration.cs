using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Staff;

namespace ReportPortal.Core.Welfare;

internal sealed class WelfareSupportConfiguration : IEntityTypeConfiguration<WelfareSupport>
{
    public void Configure(EntityTypeBuilder<WelfareSupport> builder)
    {
        builder.ToTable("WelfareSupports");
        builder.HasKey(w => w.CaseId);
        builder.Property(w => w.Version).IsConcurrencyToken();
        builder.HasOne<Case>().WithOne().HasForeignKey<WelfareSupport>(w => w.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(w => w.LeadStaffMemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(w => w.LeadStaffMemberId);
    }
}

internal sealed class WelfareLogEntryConfiguration : IEntityTypeConfiguration<WelfareLogEntry>
{
    public void Configure(EntityTypeBuilder<WelfareLogEntry> builder)
    {
        builder.ToTable("WelfareLogEntries", t => t.HasCheckConstraint("CK_WelfareLogEntries_Kind", WelfareNames.LogKind.CheckSql("Kind")));
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Kind).HasConversion(WelfareNames.LogKind.Converter).HasMaxLength(CaseConfiguration.FixedNamesLength);
        builder.HasOne<Case>().WithMany().HasForeignKey(e => e.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.CaseId, e.Sequence }).IsUnique();
    }
}

internal sealed class WelfareMessageConfiguration : IEntityTypeConfiguration<WelfareMessage>
{
    public void Configure(EntityTypeBuilder<WelfareMessage> builder)
    {
        builder.ToTable("WelfareMessages", t =>
        {
            t.HasCheckConstraint("CK_WelfareMessages_Author", "\"Author\" IN ('reporter', 'welfare')");
            t.HasCheckConstraint("CK_WelfareMessages_Request", WelfareNames.Request.CheckSql("Request"));
        });
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Author).HasConversion(StoredNames.Author.Converter).HasMaxLength(CaseConfiguration.FixedNamesLength);
        builder.Property(m => m.Request).HasConversion(WelfareNames.Request.Converter).HasMaxLength(CaseConfiguration.FixedNamesLength);
        builder.HasOne<Case>().WithMany().HasForeignKey(m => m.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.CaseId, m.Sequence }).IsUnique();
    }
}
