using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Forces;

namespace ReportPortal.Core.Staff;

internal sealed class StaffMemberConfiguration : IEntityTypeConfiguration<StaffMember>
{
    public void Configure(EntityTypeBuilder<StaffMember> builder)
    {
        builder.ToTable("StaffMembers", t => t.HasCheckConstraint("CK_StaffMembers_DigestIntervalHours", "\"DigestIntervalHours\" IN (1, 4, 24)"));
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Email).HasMaxLength(254).IsRequired();
        builder.Property(s => s.NormalizedEmail).HasMaxLength(254);
        builder.Property(s => s.DisplayName).HasMaxLength(120);
        builder.Property(s => s.PasswordHash).HasMaxLength(200);
        builder.Property(s => s.SecurityStamp).HasMaxLength(64);
        builder.Property(s => s.ConcurrencyStamp).HasMaxLength(64).IsConcurrencyToken();
        // Sign-in is by email and there is no phone: Identity's other user fields are not stored.
        builder.Ignore(s => s.UserName);
        builder.Ignore(s => s.NormalizedUserName);
        builder.Ignore(s => s.EmailConfirmed);
        builder.Ignore(s => s.PhoneNumber);
        builder.Ignore(s => s.PhoneNumberConfirmed);
        builder.HasIndex(s => s.Email).IsUnique();
        builder.HasIndex(s => s.NormalizedEmail).IsUnique();
        builder.HasIndex(s => new { s.ForceId, s.IsIntakeHandler });
        builder.HasOne<Force>().WithMany().HasForeignKey(s => s.ForceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StaffRoleAssignmentConfiguration : IEntityTypeConfiguration<StaffRoleAssignment>
{
    public void Configure(EntityTypeBuilder<StaffRoleAssignment> builder)
    {
        builder.ToTable("StaffMemberRoles");
        builder.HasKey(r => new { r.StaffMemberId, r.Role });
        builder.Property(r => r.Role).HasMaxLength(40);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(r => r.StaffMemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StaffSessionConfiguration : IEntityTypeConfiguration<StaffSession>
{
    public void Configure(EntityTypeBuilder<StaffSession> builder)
    {
        builder.ToTable("StaffSessions");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Stage).HasMaxLength(20);
        builder.Property(s => s.SecurityStamp).HasMaxLength(64);
        builder.HasIndex(s => s.SecretHash).IsUnique();
        builder.HasIndex(s => s.StaffMemberId);
        builder.HasIndex(s => s.ExpiresAt);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(s => s.StaffMemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StaffInvitationConfiguration : IEntityTypeConfiguration<StaffInvitation>
{
    public void Configure(EntityTypeBuilder<StaffInvitation> builder)
    {
        builder.ToTable("StaffInvitations");
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.HasIndex(i => i.TokenHash).IsUnique();
        builder.HasIndex(i => i.StaffMemberId);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(i => i.StaffMemberId).OnDelete(DeleteBehavior.Cascade);
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
