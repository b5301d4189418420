using System.ComponentModel.DataAnnotations;

namespace ReportPortal.ReporterFace.Information;

/// <summary>
/// Who runs this deployment and how to reach them (ReportPortal:Service). Every deployment is run by a
/// different body, so none of this can be written into the pages; the shipped values are for the demo.
/// </summary>
public sealed class ServiceOptions
{
    public const string Section = "ReportPortal:Service";

    /// <summary>The body that runs the service and is the data controller, as readers should see it named.</summary>
    [Required]
    public string OperatorName { get; set; } = string.Empty;

    [Required, EmailAddress]
    public string ContactEmail { get; set; } = string.Empty;

    /// <summary>
    /// A postal address on one line, shown as written. One string rather than a list of lines, because
    /// an operator who overrides fewer lines than the default has would silently keep the demo's others.
    /// </summary>
    [Required]
    public string ContactAddress { get; set; } = string.Empty;

    /// <summary>The service's Tor onion address, if it has one; the pages mention Tor's onion route only when set.</summary>
    public Uri? OnionAddress { get; set; }
}
