using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Staff;

namespace ReportPortal.Core.Notifications;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("Notifications", t =>
        {
            t.HasCheckConstraint("CK_Notifications_Kind", NotificationNames.Kind.CheckSql("Kind"));
            t.HasCheckConstraint("CK_Notifications_Clock", StoredNames.DeadlineKind.CheckSql("Clock"));
        });
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.Kind).HasConversion(NotificationNames.Kind.Converter).HasMaxLength(CaseConfiguration.FixedNamesLength);
        builder.Property(n => n.Clock).HasConversion(StoredNames.DeadlineKind.Converter).HasMaxLength(CaseConfiguration.FixedNamesLength);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(n => n.StaffMemberId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Case>().WithMany().HasForeignKey(n => n.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<NotificationDigest>().WithMany().HasForeignKey(n => n.DigestId).OnDelete(DeleteBehavior.SetNull);
        // Each due day of a clock is announced once per recipient, however many workflow nodes look at it.
        builder.HasIndex(n => new { n.CaseId, n.StaffMemberId, n.Kind, n.Clock, n.ClockDueOn })
            .IsUnique().HasFilter("\"Clock\" IS NOT NULL").HasDatabaseName("IX_Notifications_ClockNotice");
        // The digest pass looks for waiting rows per recipient.
        builder.HasIndex(n => new { n.StaffMemberId, n.DigestId });
    }
}

internal sealed class NotificationDigestConfiguration : IEntityTypeConfiguration<NotificationDigest>
{
    public void Configure(EntityTypeBuilder<NotificationDigest> builder)
    {
        builder.ToTable("NotificationDigests");
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.MessageId).HasMaxLength(128);
        builder.Property(d => d.LastFailure).HasMaxLength(128);
        builder.HasIndex(d => d.MessageId).IsUnique();
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(d => d.StaffMemberId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => new { d.SentAt, d.NextAttemptAt });
        builder.HasIndex(d => new { d.StaffMemberId, d.CreatedAt });
    }
}
