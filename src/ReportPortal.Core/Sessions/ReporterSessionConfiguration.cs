using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReportPortal.Core.Sessions;

internal sealed class ReporterSessionConfiguration : IEntityTypeConfiguration<ReporterSession>
{
    public void Configure(EntityTypeBuilder<ReporterSession> builder)
    {
        builder.ToTable("ReporterSessions");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.HasIndex(s => s.SecretHash).IsUnique();
        builder.HasIndex(s => s.ExpiresAt);
    }
}
