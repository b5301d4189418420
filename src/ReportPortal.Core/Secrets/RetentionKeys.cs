using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace ReportPortal.Core.Secrets;

/// <summary>
/// Retention-period keys, held outside the database and its backups. Every grant of a case is wrapped
/// a second time under one of them, so destroying a key (removing it from every settings file and
/// vault) makes every case wrapped under it unreadable everywhere: live database, backups and the
/// escrow grant alike. See SECURITY.md, "Retention".
/// </summary>
public sealed class RetentionKeys
{
    public const string Section = "ReportPortal:Retention";

    private readonly Dictionary<string, byte[]> _keys;

    public RetentionKeys(string currentId, IReadOnlyDictionary<string, byte[]> keys)
    {
        _keys = keys.ToDictionary(StringComparer.Ordinal);
        if (!_keys.ContainsKey(currentId))
        {
            throw new InvalidOperationException($"{Section}:Current names '{currentId}', but {Section}:Keys has no key of that id.");
        }

        CurrentId = currentId;
    }

    /// <summary>The key new grants are wrapped under.</summary>
    public string CurrentId { get; }

    public byte[] Current => _keys[CurrentId];

    /// <summary>Whether this process still holds the key of that id (a retired key is held nowhere).</summary>
    public bool Holds(string id) => _keys.ContainsKey(id);

    /// <summary>The key of that id; a missing one means the period ended and its cases are shredded.</summary>
    public byte[] For(string id) => _keys.TryGetValue(id, out var key)
        ? key
        : throw new CryptographicException("The retention key of this grant has been destroyed: the case is shredded.");

    public static RetentionKeys FromConfiguration(IConfiguration configuration)
    {
        var current = configuration[$"{Section}:Current"];
        if (string.IsNullOrWhiteSpace(current))
        {
            throw new InvalidOperationException($"{Section}:Current is not set. It names the retention key new grants are wrapped under (see ReportPortal.Operator new-settings).");
        }

        var keys = configuration.GetSection($"{Section}:Keys").GetChildren()
            .ToDictionary(c => c.Key, c => SecretSettings.Key(configuration, $"{Section}:Keys", c.Key), StringComparer.Ordinal);
        return new RetentionKeys(current, keys);
    }

    /// <summary>Settings for a new deployment: one key, named after the year it was made in.</summary>
    public static Dictionary<string, object> Generate(TimeProvider time)
    {
        var id = "r" + time.GetUtcNow().Year.ToString(System.Globalization.CultureInfo.InvariantCulture) + "a";
        return new Dictionary<string, object>
        {
            ["Current"] = id,
            ["Keys"] = new Dictionary<string, string> { [id] = SecretSettings.NewKey() },
        };
    }
}
