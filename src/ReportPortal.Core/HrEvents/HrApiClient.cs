using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReportPortal.Core.Forces;
using ReportPortal.Core.Staff;

namespace ReportPortal.Core.HrEvents;

/// <summary>
/// A system allowed to call the HR events API (docs/hr-events.md), for one force. Its key is shown once, to
/// the administrator who made it; only a keyed hash is kept, so a copy of the database cannot call the API.
/// Several administrators may revoke one client at once, so it carries a version.
/// </summary>
public sealed class HrApiClient
{
    public const int MaxNameLength = 100;

    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>The only force whose staff the client may send events about.</summary>
    public Guid ForceId { get; set; }

    /// <summary>What administrators call it ("Payroll and rostering"): never a person's name.</summary>
    public required string Name { get; set; }

    /// <summary>From <see cref="HrApiScopes"/>; at least one.</summary>
    public required string[] Scopes { get; set; }

    /// <summary>The key's blind index (domain api-key): the key itself is never stored.</summary>
    public required byte[] KeyHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public Guid CreatedByStaffMemberId { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public Guid? RevokedByStaffMemberId { get; set; }

    /// <summary>The last day the key was accepted, so administrators can tell a live feed from a forgotten key.</summary>
    public DateOnly? LastUsedOn { get; set; }

    public int Version { get; set; }
}

/// <summary>
/// An HR event already taken: a keyed hash of the client's idempotency key and the day it came, nothing else.
/// A replay of the same key is answered as a duplicate and raises nothing twice. Whether it matched anyone
/// is not recorded, so the table says nothing about who is a reporter.
/// </summary>
public sealed class HrEventReplay
{
    public Guid ClientId { get; set; }

    /// <summary>Blind index (domain hr-event-replay) of the client's id and the event's idempotency key.</summary>
    public required byte[] Tag { get; set; }

    public DateOnly ReceivedOn { get; set; }
}

/// <summary>What a key may do: fixed strings, stored, and named in the API description.</summary>
public static class HrApiScopes
{
    /// <summary>Send HR events to be matched (POST /api/v1/hr-events).</summary>
    public const string WriteEvents = "hr-events:write";

    /// <summary>Check a batch against the rules without taking it (POST /api/v1/hr-events/validate): for testing a feed.</summary>
    public const string ValidateEvents = "hr-events:validate";

    public static readonly IReadOnlyList<string> All = [WriteEvents, ValidateEvents];

    public static string CheckSql(string column) =>
        $"cardinality(\"{column}\") > 0 AND \"{column}\" <@ ARRAY[{string.Join(", ", All.Order(StringComparer.Ordinal).Select(s => $"'{s}'"))}]::text[]";
}

internal sealed class HrApiClientConfiguration : IEntityTypeConfiguration<HrApiClient>
{
    public void Configure(EntityTypeBuilder<HrApiClient> builder)
    {
        builder.ToTable("HrApiClients", t => t.HasCheckConstraint("CK_HrApiClients_Scopes", HrApiScopes.CheckSql("Scopes")));
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Name).HasMaxLength(HrApiClient.MaxNameLength);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => c.KeyHash).IsUnique();
        builder.HasIndex(c => c.ForceId);
        builder.HasOne<Force>().WithMany().HasForeignKey(c => c.ForceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<StaffMember>().WithMany().HasForeignKey(c => c.CreatedByStaffMemberId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => c.CreatedByStaffMemberId);
    }
}

internal sealed class HrEventReplayConfiguration : IEntityTypeConfiguration<HrEventReplay>
{
    public void Configure(EntityTypeBuilder<HrEventReplay> builder)
    {
        builder.ToTable("HrEventReplays");
        builder.HasKey(r => new { r.ClientId, r.Tag });
        builder.HasOne<HrApiClient>().WithMany().HasForeignKey(r => r.ClientId).OnDelete(DeleteBehavior.Cascade);
        // Old tags are pruned by day.
        builder.HasIndex(r => r.ReceivedOn);
    }
}
