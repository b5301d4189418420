using System.Text.RegularExpressions;

namespace ReportPortal.Core.Forces;

/// <summary>
/// A force's stable code: blind indexes of staff numbers are computed over it, so it is chosen once at
/// creation and never changed (a new code would stop every existing index from matching).
/// </summary>
public static partial class ForceCodes
{
    public const int MaxLength = 32;

    /// <summary>The operator tool's word for "no force" (create-admin --force national), so no force may take it.</summary>
    public const string National = "national";

    /// <summary>Codes no force may have: "national", and "new", which is the address of the page that adds a force.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal) { National, "new" };

    /// <summary>Lower-case letters, digits and single hyphens between them, e.g. "west-mercia".</summary>
    public static bool IsValid(string? code) => code is { Length: > 0 and <= MaxLength } && !Reserved.Contains(code) && Pattern().IsMatch(code);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
