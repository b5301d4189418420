using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReportPortal.Core.Database;

namespace ReportPortal.Core.Audit;

/// <summary>The key that MACs the audit chain, held by the internal side only (ReportPortal:Staff:AuditKey).</summary>
public sealed record AuditKey(byte[] Key);

/// <summary>Where a verification found the chain broken, or null when it is whole.</summary>
public sealed record AuditVerification(long Entries, long? FirstBrokenSequence, string? Problem)
{
    public bool Intact => FirstBrokenSequence is null;
}

/// <summary>
/// Appends to and verifies the audit chain. Entry n's MAC is HMAC-SHA256(audit key, MAC of entry n-1 ||
/// the entry's own fields), so anyone without the key who alters, removes or reorders rows cannot make the
/// chain whole again. Appends are serialised with a transaction-scoped advisory lock, so the chain never forks.
/// </summary>
public sealed class AuditLog(ReportPortalDbContext db, AuditKey key, TimeProvider time)
{
    private const long ChainLockId = 0x5250_4155_4449_5431; // "RPAUDIT1"
    private static readonly byte[] Genesis = new byte[32];

    /// <summary>Appends one entry inside the caller's transaction if there is one, so the entry and the change it records commit together.</summary>
    public async Task AppendAsync(string action, Guid? staffMemberId, Guid? caseId, string? detail, CancellationToken cancellationToken)
    {
        var ownTransaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ChainLockId})", cancellationToken);
            var last = await db.AuditEntries.AsNoTracking()
                .OrderByDescending(e => e.Sequence)
                .Select(e => new { e.Sequence, e.Mac })
                .FirstOrDefaultAsync(cancellationToken);
            var now = time.GetUtcNow();
            var entry = new AuditEntry
            {
                Sequence = (last?.Sequence ?? 0) + 1,
                OccurredAt = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero),
                StaffMemberId = staffMemberId,
                Action = action,
                CaseId = caseId,
                Detail = detail,
                PreviousMac = last?.Mac ?? Genesis,
                Mac = [],
            };
            entry.Mac = ComputeMac(key.Key, entry);
            db.AuditEntries.Add(entry);
            await db.SaveChangesAsync(cancellationToken);
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }

    /// <summary>Walks the whole chain in order and reports the first entry that does not follow from the one before.</summary>
    public static async Task<AuditVerification> VerifyAsync(ReportPortalDbContext db, byte[] auditKey, CancellationToken cancellationToken)
    {
        var previousMac = Genesis;
        long expected = 1;
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (entry.Sequence != expected)
            {
                return new AuditVerification(expected - 1, expected, $"entry {expected} is missing");
            }

            if (!CryptographicOperations.FixedTimeEquals(entry.PreviousMac, previousMac))
            {
                return new AuditVerification(expected - 1, entry.Sequence, $"entry {entry.Sequence} does not follow entry {entry.Sequence - 1}");
            }

            if (!CryptographicOperations.FixedTimeEquals(entry.Mac, ComputeMac(auditKey, entry)))
            {
                return new AuditVerification(expected - 1, entry.Sequence, $"entry {entry.Sequence} was altered");
            }

            previousMac = entry.Mac;
            expected++;
        }

        return new AuditVerification(expected - 1, null, null);
    }

    /// <summary>
    /// HMAC-SHA256(key, previous MAC || uint64-be sequence || int64-be minutes since the Unix epoch ||
    /// lp(staff id or empty) || lp(action) || lp(case id or empty) || lp(detail or empty)), lp() being a
    /// 4-byte big-endian length then the UTF-8 bytes; ids are written in the "N" format.
    /// </summary>
    internal static byte[] ComputeMac(byte[] key, AuditEntry entry)
    {
        using var buffer = new MemoryStream();
        buffer.Write(entry.PreviousMac);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, entry.Sequence);
        buffer.Write(number);
        BinaryPrimitives.WriteInt64BigEndian(number, entry.OccurredAt.ToUnixTimeSeconds() / 60);
        buffer.Write(number);
        WriteField(buffer, entry.StaffMemberId?.ToString("N"));
        WriteField(buffer, entry.Action);
        WriteField(buffer, entry.CaseId?.ToString("N"));
        WriteField(buffer, entry.Detail);
        return HMACSHA256.HashData(key, buffer.ToArray());
    }

    private static void WriteField(MemoryStream buffer, string? value)
    {
        var bytes = Encoding.UTF8.GetBytes(value ?? string.Empty);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        buffer.Write(length);
        buffer.Write(bytes);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.HasKey(e => e.Sequence);
        builder.Property(e => e.Sequence).ValueGeneratedNever();
        builder.Property(e => e.Action).HasMaxLength(40);
        builder.Property(e => e.Detail).HasMaxLength(200);
        builder.HasIndex(e => e.CaseId);
    }
}
