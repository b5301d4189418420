using ReportPortal.Core.Cases;
using ReportPortal.Core.Welfare;
using ReportPortal.StaffFace.Cases;

namespace ReportPortal.StaffFace.Welfare;

/// <summary>What welfare leads read for each welfare state and record kind.</summary>
public static class WelfareLabels
{
    public static string Why(WelfareQueueRow row)
    {
        var reasons = new List<string>();
        if (row.SupportRequested)
        {
            reasons.Add("Asked for support");
        }

        if (row.FearsRetaliation)
        {
            reasons.Add("Fears retaliation");
        }

        if (row.DetrimentReportedOn is { } day)
        {
            reasons.Add($"Treated badly (said on {CaseLabels.Day(day)})");
        }

        return reasons.Count == 0 ? "Asked for support" : string.Join("; ", reasons);
    }

    public static string Log(WelfareLogKind kind) => kind switch
    {
        WelfareLogKind.Contact => "Contact",
        WelfareLogKind.AgreedAction => "Agreed action",
        WelfareLogKind.Assigned => "Assigned",
        _ => "Support ended",
    };

    public static string Request(WelfareRequest? request) => request switch
    {
        WelfareRequest.SupportRequested => "Asked for support",
        WelfareRequest.DetrimentReported => "Said they are being treated badly because they reported",
        _ => "Message",
    };

    public static string Author(MessageAuthor author, string? staffName) =>
        author == MessageAuthor.Reporter ? "Reporter" : $"{staffName} (welfare support)";
}
