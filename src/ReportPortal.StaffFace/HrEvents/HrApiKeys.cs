using System.Globalization;
using System.Runtime.Serialization;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;
using ReportPortal.Core.HrEvents;
using ReportPortal.Core.Ui;
using ReportPortal.Crypto;
using ReportPortal.StaffFace.Administration;
using ReportPortal.StaffFace.Secrets;

namespace ReportPortal.StaffFace.HrEvents;

public static class HrApiKeyPaths
{
    public const string List = "/staff/admin/hr-api-keys";
    public const string New = "/staff/admin/hr-api-keys/new";

    public static string Client(Guid id) => $"{List}/{id}";
}

public static class HrApiScopeChoices
{
    public static readonly IReadOnlyList<Choice> All =
    [
        new(HrApiScopes.WriteEvents, "Send HR events", "For the live feed from the HR system: events are matched and can raise welfare alerts"),
        new(HrApiScopes.ValidateEvents, "Check HR events only", "For testing a feed: batches are checked and answered, never taken"),
    ];

    public static string Label(string scope) => All.FirstOrDefault(c => c.Value == scope)?.Label ?? scope;
}

/// <summary>A client as administrators see it: never the key, which nobody can see again after it is made.</summary>
public sealed record HrApiClientRow(Guid Id, string Name, string ForceName, string ForceCode, IReadOnlyList<string> Scopes,
    DateOnly CreatedOn, DateOnly? LastUsedOn, DateOnly? RevokedOn, int Version);

/// <summary>A new API client: what to call it, its force and what its key may do.</summary>
public sealed class NewHrApiKeyForm
{
    private List<string> _scopes = [];

    [DataMember(Name = "name")]
    public string? Name { get; set; }

    [DataMember(Name = "force")]
    public string? Force { get; set; }

    /// <summary>The ticked boxes; none ticked means none posted, which the binder gives as null.</summary>
    [DataMember(Name = "scopes")]
    public List<string> Scopes
    {
        get => _scopes;
        set => _scopes = value ?? [];
    }

    public IReadOnlyList<string> ChosenScopes => HrApiScopes.All.Where(Scopes.Contains).ToList();

    public FormErrors Check(bool forceKnown)
    {
        Name = TextNormaliser.NormaliseLine(Name);
        var errors = new FormErrors();
        if (Name.Length == 0)
        {
            errors.Add("name", "Enter a name for the system that will use the key, for example Payroll and rostering");
        }
        else if (Name.Length > HrApiClient.MaxNameLength)
        {
            errors.Add("name", $"The name must be {HrApiClient.MaxNameLength} characters or fewer");
        }

        if (!forceKnown)
        {
            errors.Add("force", "Choose the force whose HR events the key sends");
        }

        if (ChosenScopes.Count == 0 || Scopes.Any(s => !HrApiScopes.All.Contains(s)))
        {
            errors.Add("scopes", "Choose what the key may do");
        }

        return errors;
    }
}

/// <summary>The revoke button's form: the version of the client the page showed.</summary>
public sealed class RevokeHrApiKeyForm
{
    [DataMember(Name = "version")]
    public string? Version { get; set; }
}

/// <summary>
/// Administrators make and revoke HR API keys, within their own scope (<see cref="AdminScope"/>): a force's
/// administrator for that force, a national administrator for any. A key is shown once, in the answer to
/// the post that made it; what is stored is its blind index. Both changes are audited.
/// </summary>
public sealed class HrApiKeys(ReportPortalDbContext db, AdminScope scope, StaffSecrets secrets, AuditLog audit, TimeProvider time)
{
    public const string StaleMessage = "This key changed after you opened this page. Nothing was saved: the page now shows it as it is.";

    public async Task<IReadOnlyList<HrApiClientRow>> ListAsync(CancellationToken cancellationToken) =>
        (await Rows().ToListAsync(cancellationToken))
            .Select(Row)
            .OrderBy(r => r.RevokedOn is not null).ThenBy(r => r.ForceName, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();

    public async Task<HrApiClientRow?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        await Rows(id).FirstOrDefaultAsync(cancellationToken) is { } found ? Row(found) : null;

    /// <summary>Makes the client and returns its key (the only time it exists outside the caller's system), or null when the form is refused.</summary>
    public async Task<string?> CreateAsync(NewHrApiKeyForm form, FormErrors errors, CancellationToken cancellationToken)
    {
        var force = await scope.Forces.AsNoTracking().Where(f => f.Code == form.Force).Select(f => new { f.Id, f.Code }).SingleOrDefaultAsync(cancellationToken);
        if (force is null)
        {
            errors.Add("force", "Choose the force whose HR events the key sends");
            return null;
        }

        var key = ApiKeyToken.Generate();
        var client = new HrApiClient
        {
            ForceId = force.Id,
            Name = form.Name!,
            Scopes = [.. form.ChosenScopes],
            KeyHash = secrets.Indexes.ApiKey(key),
            CreatedAt = time.GetUtcNow(),
            CreatedByStaffMemberId = scope.MemberId,
        };
        db.HrApiClients.Add(client);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await AuditedSave.SaveAsync(db, audit, transaction, AuditActions.HrApiKeyCreated, scope.MemberId,
            $"client {client.Id:N} of {force.Code}: {string.Join(" ", client.Scopes)}", cancellationToken);
        return key;
    }

    public async Task<AdminOutcome> RevokeAsync(Guid id, RevokeHrApiKeyForm? form, CancellationToken cancellationToken)
    {
        var forces = scope.Forces.Select(f => f.Id);
        var client = await db.HrApiClients.SingleOrDefaultAsync(c => c.Id == id && forces.Contains(c.ForceId), cancellationToken);
        if (client is null)
        {
            return AdminOutcome.NotFound;
        }

        if (!int.TryParse(form?.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version != client.Version || client.RevokedAt is not null)
        {
            return AdminOutcome.Stale;
        }

        client.RevokedAt = time.GetUtcNow();
        client.RevokedByStaffMemberId = scope.MemberId;
        client.Version++;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        return await AuditedSave.SaveAsync(db, audit, transaction, AuditActions.HrApiKeyRevoked, scope.MemberId, $"client {client.Id:N}", cancellationToken);
    }

    private IQueryable<ClientAndForce> Rows(Guid? id = null) =>
        from client in db.HrApiClients.AsNoTracking().Where(c => id == null || c.Id == id)
        join force in scope.Forces on client.ForceId equals force.Id
        select new ClientAndForce(client, force.Name, force.Code);

    private static HrApiClientRow Row(ClientAndForce found) => new(
        found.Client.Id, found.Client.Name, found.ForceName, found.ForceCode, found.Client.Scopes,
        Day(found.Client.CreatedAt), found.Client.LastUsedOn,
        found.Client.RevokedAt is { } revoked ? Day(revoked) : null, found.Client.Version);

    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, UkCalendar.TimeZone).DateTime);

    private sealed record ClientAndForce(Core.HrEvents.HrApiClient Client, string ForceName, string ForceCode);
}
