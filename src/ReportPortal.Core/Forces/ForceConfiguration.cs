using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReportPortal.Core.Forces;

internal sealed class ForceConfiguration : IEntityTypeConfiguration<Force>
{
    public void Configure(EntityTypeBuilder<Force> builder)
    {
        builder.ToTable("Forces");
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.Code).HasMaxLength(32);
        builder.Property(f => f.Name).HasMaxLength(120);
        builder.HasIndex(f => f.Code).IsUnique();
        builder.Property(f => f.Version).IsRowVersion();
        builder.OwnsOne(f => f.Clocks, clocks =>
        {
            clocks.Property(c => c.AcknowledgeWithinDays).HasColumnName("AcknowledgeWithinDays");
            clocks.Property(c => c.AcknowledgeEscalateAfterDays).HasColumnName("AcknowledgeEscalateAfterDays");
            clocks.Property(c => c.FeedbackWithinMonths).HasColumnName("FeedbackWithinMonths");
            clocks.Property(c => c.FeedbackEscalateAfterDays).HasColumnName("FeedbackEscalateAfterDays");
            clocks.Property(c => c.WelfareAssignWithinWorkingDays).HasColumnName("WelfareAssignWithinWorkingDays");
            clocks.Property(c => c.WelfareFirstContactWithinDays).HasColumnName("WelfareFirstContactWithinDays");
            clocks.Property(c => c.LongInvestigationFirstReportMonths).HasColumnName("LongInvestigationFirstReportMonths");
            clocks.Property(c => c.LongInvestigationRepeatMonths).HasColumnName("LongInvestigationRepeatMonths");
            clocks.Property(c => c.ReporterAccessEndsMonthsAfterClosure).HasColumnName("ReporterAccessEndsMonthsAfterClosure");
            clocks.Property(c => c.DisclosureNoticeDays).HasColumnName("DisclosureNoticeDays");
            clocks.Property(c => c.DisclosureApprovals).HasColumnName("DisclosureApprovals");
        });
        builder.Navigation(f => f.Clocks).IsRequired();
    }
}

internal sealed class ForceNetworkRangeConfiguration : IEntityTypeConfiguration<ForceNetworkRange>
{
    public void Configure(EntityTypeBuilder<ForceNetworkRange> builder)
    {
        builder.ToTable("ForceNetworkRanges");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Cidr).HasMaxLength(50);
        builder.HasIndex(r => r.ForceId);
        builder.HasOne<Force>().WithMany().HasForeignKey(r => r.ForceId).OnDelete(DeleteBehavior.Cascade);
    }
}
