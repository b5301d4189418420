namespace ReportPortal.ReporterFace.Status;

/// <summary>Cleans text a reporter typed in the inbox with the one normaliser every reporter form uses.</summary>
public static class ReporterText
{
    public static string? Clean(string? typed) => typed?.Trim();
}
