using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReportPortal.Core.Forces;

namespace ReportPortal.Core.Cases;

internal sealed class CaseConfiguration : IEntityTypeConfiguration<Case>
{
    public void Configure(EntityTypeBuilder<Case> builder)
    {
        builder.ToTable("Cases");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Reference).HasMaxLength(16);
        builder.HasIndex(c => c.Reference).IsUnique();
        builder.HasIndex(c => c.ReceiptLookup).IsUnique();
        builder.HasIndex(c => c.SubmissionTokenHash).IsUnique();
        builder.HasIndex(c => c.GroupIndex);
        builder.HasIndex(c => new { c.ForceId, c.Status });
        builder.HasOne<Force>().WithMany().HasForeignKey(c => c.ForceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Subjects).WithOne().HasForeignKey(s => s.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Grants).WithOne().HasForeignKey(g => g.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Messages).WithOne().HasForeignKey(m => m.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Events).WithOne().HasForeignKey(e => e.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Deadlines).WithOne().HasForeignKey(d => d.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.EvidenceFiles).WithOne().HasForeignKey(f => f.CaseId).OnDelete(DeleteBehavior.Cascade);
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
        builder.ToTable("KeyGrants");
        builder.Property(g => g.Id).ValueGeneratedNever();
        builder.HasIndex(g => new { g.CaseId, g.Purpose, g.Holder, g.StaffMemberId });
        builder.HasIndex(g => g.StaffMemberId);
    }
}

internal sealed class CaseMessageConfiguration : IEntityTypeConfiguration<CaseMessage>
{
    public void Configure(EntityTypeBuilder<CaseMessage> builder)
    {
        builder.ToTable("CaseMessages");
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.HasIndex(m => new { m.CaseId, m.Sequence }).IsUnique();
    }
}

internal sealed class CaseEventConfiguration : IEntityTypeConfiguration<CaseEvent>
{
    public void Configure(EntityTypeBuilder<CaseEvent> builder)
    {
        builder.ToTable("CaseEvents");
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.HasIndex(e => new { e.CaseId, e.Sequence }).IsUnique();
    }
}

internal sealed class DeadlineConfiguration : IEntityTypeConfiguration<Deadline>
{
    public void Configure(EntityTypeBuilder<Deadline> builder)
    {
        builder.ToTable("Deadlines");
        builder.Property(d => d.Id).ValueGeneratedNever();
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
    }
}
