using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Forces;

namespace ReportPortal.Core.Staff;

internal sealed class StaffMemberConfiguration : IEntityTypeConfiguration<StaffMember>
{
    public void Configure(EntityTypeBuilder<StaffMember> builder)
    {
        builder.ToTable("StaffMembers");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Email).HasMaxLength(254);
        builder.Property(s => s.DisplayName).HasMaxLength(120);
        builder.HasIndex(s => s.Email).IsUnique();
        builder.HasIndex(s => new { s.ForceId, s.IsIntakeHandler });
        builder.HasOne<Force>().WithMany().HasForeignKey(s => s.ForceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StaffGrantLinks : IEntityTypeConfiguration<KeyGrant>
{
    public void Configure(EntityTypeBuilder<KeyGrant> builder)
    {
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(g => g.StaffMemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(g => g.GrantedByStaffMemberId).OnDelete(DeleteBehavior.Restrict);
    }
}
