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

    /// <summary>
    /// The service's Tor onion address, if it has one; the pages mention it only when set. A string, so a
    /// settings file that leaves it empty means "none" rather than an address that cannot be read.
    /// </summary>
    public string? OnionAddress { get; set; }

    /// <summary>The onion address as an address; never throws, because the binder and validators read it before validation.</summary>
    public Uri? Onion => Uri.TryCreate(OnionAddress, UriKind.Absolute, out var onion) ? onion : null;
}
