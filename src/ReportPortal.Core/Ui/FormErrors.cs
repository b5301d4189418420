namespace ReportPortal.Core.Ui;

/// <summary>One problem with one field: the field's id (for the error summary link) and what to fix.</summary>
public sealed record FieldError(string FieldId, string Message);

/// <summary>Problems found in a form, in page order, as the GOV.UK error summary lists them.</summary>
public sealed class FormErrors
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> All => _errors;

    public bool Any => _errors.Count > 0;

    public void Add(string fieldId, string message)
    {
        // One message per field: the first problem is the one to fix first.
        if (For(fieldId) is null)
        {
            _errors.Add(new FieldError(fieldId, message));
        }
    }

    public string? For(string fieldId) => _errors.FirstOrDefault(e => e.FieldId == fieldId)?.Message;
}

/// <summary>Turns form field names such as "subjects[0].name" into ids usable in fragment links.</summary>
public static class FieldIds
{
    public static string From(string name) =>
        name.Replace("[", "-", StringComparison.Ordinal).Replace("].", "-", StringComparison.Ordinal)
            .Replace("]", string.Empty, StringComparison.Ordinal).Replace(".", "-", StringComparison.Ordinal);

    /// <summary>The aria-describedby value linking a field to its hint and error, or null when it has neither.</summary>
    public static string? DescribedBy(string id, bool hasHint, bool hasError) => (hasHint, hasError) switch
    {
        (true, true) => $"{id}-hint {id}-error",
        (true, false) => $"{id}-hint",
        (false, true) => $"{id}-error",
        _ => null,
    };
}

/// <summary>A choice in a radio or checkbox group.</summary>
public sealed record Choice(string Value, string Label, string? Hint = null);
