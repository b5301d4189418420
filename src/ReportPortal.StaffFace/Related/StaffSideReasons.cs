using System.Security.Cryptography;
using ReportPortal.Crypto;
using ReportPortal.StaffFace.Secrets;

namespace ReportPortal.StaffFace.Related;

/// <summary>
/// Reasons staff write about a case they may not hold (a conflict declared by reference, a request for a case,
/// a holder's decision on it) cannot be sealed under that case's key. They are sealed instead under
/// sub-key(StaffKeyPepper, "staff-reasons"), a key outside the database and its backups that only the staff
/// face holds, bound to the case, the record and the field, so a copy of the database reads none of them.
/// </summary>
public static class StaffSideReasons
{
    public const string SubKeyLabel = "staff-reasons";
    public const string ConflictReason = "conflict.reason";
    public const string RequestReasons = "access-request.reasons";
    public const string DecisionReasons = "access-request.decision-reasons";

    /// <summary>The longest reason accepted, in characters.</summary>
    public const int MaxLength = 2_000;

    public static byte[] Seal(StaffSecrets secrets, Guid caseId, Guid recordId, string field, string text)
    {
        var key = SubKeys.Derive(secrets.StaffKeyPepper, SubKeyLabel);
        try
        {
            return Sealer.SealText(key, text, new SealContext(caseId, recordId, field));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    public static string Open(StaffSecrets secrets, Guid caseId, Guid recordId, string field, byte[] sealedText)
    {
        var key = SubKeys.Derive(secrets.StaffKeyPepper, SubKeyLabel);
        try
        {
            return Sealer.OpenText(key, sealedText, new SealContext(caseId, recordId, field));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The cleaned text, or a problem for the person typing it.</summary>
    public static (string? Text, string? Problem) Clean(string? typed, string what)
    {
        var text = ReportPortal.Core.Ui.TextNormaliser.NormaliseOrNull(typed);
        return text is null ? (null, $"Enter {what}.")
            : text.Length > MaxLength ? (text, $"Keep {what} to {MaxLength:N0} characters or fewer.")
            : (text, null);
    }
}
