namespace ReportPortal.Core.DataProtection;

/// <summary>One element of the ASP.NET Core Data Protection key ring, encrypted before it is stored.</summary>
public sealed class DataProtectionKeyRecord
{
    public int Id { get; set; }

    /// <summary>Each face keeps its own ring, so a compromised reporter node cannot forge staff cookies.</summary>
    public required string Ring { get; set; }

    public required string FriendlyName { get; set; }

    public required string Xml { get; set; }
}
