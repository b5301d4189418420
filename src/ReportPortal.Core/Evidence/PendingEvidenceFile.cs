using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReportPortal.Core.Evidence;

/// <summary>
/// A file chosen on the report form before the report is sent: its blobs are sealed under the key the
/// reporter's form carries (the future case's key, see <see cref="PendingEvidence"/>), and nothing here
/// says which report it belongs to or what it is. Sending turns it into an <see cref="Cases.EvidenceFile"/>
/// of the new case; otherwise it is deleted, blobs first, once <see cref="ExpiresAt"/> has passed.
/// </summary>
public sealed class PendingEvidenceFile
{
    public Guid Id { get; set; }

    /// <summary>File name, kind and size, sealed (field evidence.description).</summary>
    public required byte[] SealedDescription { get; set; }

    public required string StorageKey { get; set; }

    public long SealedLength { get; set; }

    public string? OriginalStorageKey { get; set; }

    public long? OriginalSealedLength { get; set; }

    public bool MetadataRemoved { get; set; }

    /// <summary>SHA-256 of what was received, sealed (field evidence.content-hash).</summary>
    public required byte[] SealedContentHash { get; set; }

    /// <summary>The same hash wrapped to the intake public key, as on an evidence file.</summary>
    public byte[]? HashForIndex { get; set; }

    /// <summary>When the form that holds its key stops being accepted; the sweep deletes it after.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}

internal sealed class PendingEvidenceFileConfiguration : IEntityTypeConfiguration<PendingEvidenceFile>
{
    public void Configure(EntityTypeBuilder<PendingEvidenceFile> builder)
    {
        builder.ToTable("PendingEvidenceFiles");
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.StorageKey).HasMaxLength(64);
        builder.HasIndex(f => f.StorageKey).IsUnique();
        builder.Property(f => f.OriginalStorageKey).HasMaxLength(64);
        builder.HasIndex(f => f.OriginalStorageKey).IsUnique();
        builder.HasIndex(f => f.ExpiresAt);
    }
}
