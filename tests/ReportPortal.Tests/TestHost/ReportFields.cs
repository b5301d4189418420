namespace ReportPortal.Tests.TestHost;

/// <summary>Answers for the report form, valid unless a test changes them.</summary>
public sealed class ReportFields
{
    private readonly List<KeyValuePair<string, string>> _fields =
    [
        new("force", "demo"),
        new("categories", "racist"),
        new("platform", "WhatsApp"),
        new("group", "Late Turn Lads"),
        new("when", "Early March 2026"),
        new("what", "A colleague shared a racist meme about a victim in the shift group chat."),
        new("others", "About ten people on the shift"),
        new("subjects[0].name", "PC Example Person"),
        new("subjects[0].staff-number", "1234"),
        new("subjects[0].force", string.Empty),
        new("subjects[0].unit", "Response team 3"),
        new("subjects[0].rank", "Constable"),
        new("identity", "anonymous"),
        new("reporter-name", string.Empty),
        new("reporter-staff-number", string.Empty),
        new("reporter-contact", string.Empty),
        new("support", "no"),
        new("retaliation", "no"),
        new("command", "check"),
    ];

    public ReportFields Set(string name, string value)
    {
        _fields.RemoveAll(f => f.Key == name);
        _fields.Add(new(name, value));
        return this;
    }

    public ReportFields Add(string name, string value)
    {
        _fields.Add(new(name, value));
        return this;
    }

    public ReportFields Remove(string name)
    {
        _fields.RemoveAll(f => f.Key == name);
        return this;
    }

    public IReadOnlyList<KeyValuePair<string, string>> All => _fields;
}
