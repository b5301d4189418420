using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReportPortal.Core.Forces;

namespace ReportPortal.Core.Cases;

internal sealed class CaseConfiguration : IEntityTypeConfiguration<Case>
{
    internal const int FixedNamesLength = 32;

    public void Configure(EntityTypeBuilder<Case> builder)
    {
        builder.ToTable("Cases", t =>
        {
            t.HasCheckConstraint("CK_Cases_Status", StoredNames.Status.CheckSql("Status"));
            t.HasCheckConstraint("CK_Cases_IdentityMode", StoredNames.Identity.CheckSql("IdentityMode"));
            t.HasCheckConstraint("CK_Cases_Severity", StoredNames.Severity.CheckSql("Severity"));
            t.HasCheckConstraint("CK_Cases_ReferralDecision", StoredNames.Referral.CheckSql("ReferralDecision"));
            t.HasCheckConstraint("CK_Cases_Outcome", StoredNames.Outcome.CheckSql("Outcome"));
        });
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Property(c => c.Severity).HasConversion(StoredNames.Severity.Converter).HasMaxLength(FixedNamesLength);
        builder.Property(c => c.ReferralDecision).HasConversion(StoredNames.Referral.Converter).HasMaxLength(FixedNamesLength);
        builder.Property(c => c.Outcome).HasConversion(StoredNames.Outcome.Converter).HasMaxLength(FixedNamesLength);
        // The inbox walks a force's cases in keyset order (received, or next due) and probes each for the
        // member's grant; the overdue filter is a range on NextDueOn in the same index.
        builder.HasIndex(c => new { c.ForceId, c.SubmittedOn, c.Id }).HasDatabaseName("IX_Cases_Inbox_Received");
        builder.HasIndex(c => new { c.ForceId, c.NextDueOn, c.Id }).HasDatabaseName("IX_Cases_Inbox_NextDue");
        // The few cases whose next due day the date alone moves, found by force when the inbox is read.
        builder.HasIndex(c => new { c.ForceId, c.ClocksRecomputeOn }).HasDatabaseName("IX_Cases_ClocksRecomputeOn").HasFilter("\"ClocksRecomputeOn\" IS NOT NULL");
        builder.HasIndex(c => new { c.AssigneeStaffMemberId, c.SubmittedOn, c.Id }).HasDatabaseName("IX_Cases_Inbox_Assignee");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Status).HasConversion(StoredNames.Status.Converter).HasMaxLength(FixedNamesLength);
        builder.Property(c => c.IdentityMode).HasConversion(StoredNames.Identity.Converter).HasMaxLength(FixedNamesLength);
        builder.Property(c => c.Reference).HasMaxLength(16);
        builder.HasIndex(c => c.Reference).IsUnique();
        builder.HasIndex(c => c.ReceiptLookup).IsUnique();
        builder.HasIndex(c => c.SubmissionTokenHash).IsUnique();
        builder.HasIndex(c => c.GroupIndex);
        builder.HasIndex(c => c.ReporterStaffNumberIndex);
        builder.HasIndex(c => new { c.ForceId, c.Status });
        builder.HasOne<Force>().WithMany().HasForeignKey(c => c.ForceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Subjects).WithOne().HasForeignKey(s => s.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Grants).WithOne().HasForeignKey(g => g.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Messages).WithOne().HasForeignKey(m => m.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Events).WithOne().HasForeignKey(e => e.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Deadlines).WithOne().HasForeignKey(d => d.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.EvidenceFiles).WithOne().HasForeignKey(f => f.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Notes).WithOne().HasForeignKey(n => n.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CaseSubjectConfiguration : IEntityTypeConfiguration<CaseSubject>
{
    public void Configure(EntityTypeBuilder<CaseSubject> builder)
    {
        builder.ToTable("CaseSubjects");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.HasIndex(s => s.NameIndex);
        builder.HasIndex(s => s.StaffNumberIndex);
    }
}

internal sealed class KeyGrantConfiguration : IEntityTypeConfiguration<KeyGrant>
{
    public void Configure(EntityTypeBuilder<KeyGrant> builder)
    {
        builder.ToTable("KeyGrants", t =>
        {
            t.HasCheckConstraint("CK_KeyGrants_Purpose", StoredNames.Purpose.CheckSql("Purpose"));
            t.HasCheckConstraint("CK_KeyGrants_Holder", StoredNames.Holder.CheckSql("Holder"));
        });
        builder.Property(g => g.Id).ValueGeneratedNever();
        builder.Property(g => g.Purpose).HasConversion(StoredNames.Purpose.Converter).HasMaxLength(CaseConfiguration.FixedNamesLength);
        builder.Property(g => g.Holder).HasConversion(StoredNames.Holder.Converter).HasMaxLength(CaseConfiguration.FixedNamesLength);
        builder.Property(g => g.HolderKeyId).HasMaxLength(64);
        builder.Property(g => g.RetentionKeyId).HasMaxLength(32);
        // The intake queue: cases whose intake grant the staff side has not yet processed.
        builder.HasIndex(g => g.Holder).HasFilter("\"Holder\" = 'intake'").HasDatabaseName("IX_KeyGrants_Intake");
        builder.HasIndex(g => new { g.CaseId, g.Purpose, g.Holder, g.StaffMemberId });
        builder.HasIndex(g => g.StaffMemberId);
        // The other inbox path, for a member who holds few of their force's cases: their grants, then each case by key.
        builder.HasIndex(g => new { g.StaffMemberId, g.CaseId })
            .HasFilter("\"Holder\" = 'staff' AND \"Purpose\" = 'case-content'")
            .HasDatabaseName("IX_KeyGrants_StaffInbox");
    }
}

internal sealed class CaseMessageConfiguration : IEntityTypeConfiguration<CaseMessage>
{
    public void Configure(EntityTypeBuilder<CaseMessage> builder)
    {
        builder.ToTable("CaseMessages", t => t.HasCheckConstraint("CK_CaseMessages_Author", StoredNames.Author.CheckSql("Author")));
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Author).HasConversion(StoredNames.Author.Converter).HasMaxLength(CaseConfiguration.FixedNamesLength);
        builder.HasIndex(m => new { m.CaseId, m.Sequence }).IsUnique();
    }
}

internal sealed class CaseEventConfiguration : IEntityTypeConfiguration<CaseEvent>
{
    public void Configure(EntityTypeBuilder<CaseEvent> builder)
    {
        builder.ToTable("CaseEvents", t => t.HasCheckConstraint("CK_CaseEvents_Kind", StoredNames.EventKind.CheckSql("Kind")));
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Kind).HasConversion(StoredNames.EventKind.Converter).HasMaxLength(CaseConfiguration.FixedNamesLength);
        builder.HasIndex(e => new { e.CaseId, e.Sequence }).IsUnique();
    }
}

internal sealed class DeadlineConfiguration : IEntityTypeConfiguration<Deadline>
{
    public void Configure(EntityTypeBuilder<Deadline> builder)
    {
        builder.ToTable("Deadlines", t => t.HasCheckConstraint("CK_Deadlines_Kind", StoredNames.DeadlineKind.CheckSql("Kind")));
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Kind).HasConversion(StoredNames.DeadlineKind.Converter).HasMaxLength(CaseConfiguration.FixedNamesLength);
        builder.HasIndex(d => new { d.CaseId, d.Kind, d.DueOn });
        // The workflow service scans open clocks by date.
        builder.HasIndex(d => new { d.MetOn, d.DueOn });
    }
}

internal sealed class EvidenceFileConfiguration : IEntityTypeConfiguration<EvidenceFile>
{
    public void Configure(EntityTypeBuilder<EvidenceFile> builder)
    {
        builder.ToTable("EvidenceFiles");
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.StorageKey).HasMaxLength(64);
        builder.HasIndex(f => f.StorageKey).IsUnique();
        builder.HasIndex(f => f.ContentHashIndex);
        builder.Property(f => f.OriginalStorageKey).HasMaxLength(64);
        builder.HasIndex(f => f.OriginalStorageKey).IsUnique();
        // The internal side's queue of hashes still to index.
        builder.HasIndex(f => f.Id).HasFilter("\"HashForIndex\" IS NOT NULL").HasDatabaseName("IX_EvidenceFiles_ToIndex");
    }
}

internal sealed class CaseNoteConfiguration : IEntityTypeConfiguration<CaseNote>
{
    public void Configure(EntityTypeBuilder<CaseNote> builder)
    {
        builder.ToTable("CaseNotes");
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.HasIndex(n => new { n.CaseId, n.WrittenOn });
    }
}
