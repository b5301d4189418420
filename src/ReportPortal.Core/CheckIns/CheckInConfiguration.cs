using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReportPortal.Core.Cases;

namespace ReportPortal.Core.CheckIns;

internal sealed class CheckInConfiguration : IEntityTypeConfiguration<CheckIn>
{
    public void Configure(EntityTypeBuilder<CheckIn> builder)
    {
        builder.ToTable("CheckIns", t =>
        {
            t.HasCheckConstraint("CK_CheckIns_Template", StoredNames.CheckInTemplate.CheckSql("Template"));
            t.HasCheckConstraint("CK_CheckIns_Answer", "(\"AnsweredOn\" IS NULL) = (\"SealedAnswer\" IS NULL)");
        });
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Template).HasConversion(StoredNames.CheckInTemplate.Converter).HasMaxLength(CaseConfiguration.FixedNamesLength);
        builder.HasOne<Case>().WithMany().HasForeignKey(c => c.CaseId).OnDelete(DeleteBehavior.Cascade);
        // One check-in per case and due day, however many workflow nodes make it due.
        builder.HasIndex(c => new { c.CaseId, c.DueOn }).IsUnique();
    }
}
