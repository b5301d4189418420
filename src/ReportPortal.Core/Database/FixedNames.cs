using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ReportPortal.Core.Database;

/// <summary>
/// Maps an enum to the fixed strings stored for it. Renaming a C# member must never change what is in
/// the database, in associated data or in a stored crypto context, so every stored value is written
/// out here by hand and a CHECK constraint keeps the column to exactly these strings.
/// </summary>
public sealed class FixedNames<TEnum>
    where TEnum : struct, Enum
{
    public const int MaxLength = 32;

    private readonly Dictionary<TEnum, string> _toStored;
    private readonly Dictionary<string, TEnum> _fromStored;

    public FixedNames(IReadOnlyDictionary<TEnum, string> names)
    {
        var missing = Enum.GetValues<TEnum>().Where(v => !names.ContainsKey(v)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"{typeof(TEnum).Name} has no stored name for {string.Join(", ", missing)}.");
        }

        _toStored = names.ToDictionary();
        _fromStored = names.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
        Converter = new ValueConverter<TEnum, string>(v => _toStored[v], s => _fromStored[s]);
    }

    public ValueConverter<TEnum, string> Converter { get; }

    public IEnumerable<string> All => _toStored.Values;

    public string this[TEnum value] => _toStored[value];

    public TEnum Parse(string stored) => _fromStored[stored];

    /// <summary>SQL for a CHECK constraint that allows exactly the stored names.</summary>
    public string CheckSql(string column) =>
        $"\"{column}\" IN ({string.Join(", ", _toStored.Values.Order(StringComparer.Ordinal).Select(v => $"'{v}'"))})";
}
