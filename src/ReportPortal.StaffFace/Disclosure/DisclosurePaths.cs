namespace ReportPortal.StaffFace.Disclosure;

public static class DisclosurePaths
{
    public const string Queue = "/staff/disclosure";

    public static string Ask(Guid caseId) => $"/staff/cases/{caseId}/disclosure";

    public static string Request(Guid requestId) => $"/staff/disclosure/{requestId}";

    public static string Decide(Guid requestId) => $"/staff/disclosure/{requestId}/decide";
}
