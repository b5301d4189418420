using System.Security.Cryptography;
using ReportPortal.Core.Cases;
using ReportPortal.Crypto;
using ReportPortal.ReporterFace.Secrets;

namespace ReportPortal.ReporterFace.Support;

/// <summary>
/// Every case gets its own welfare key when it is filed, whether or not support was asked for: the reporter
/// may ask later, and the reporter face can add grants only while filing. It is granted to the escrow, to the
/// reporter's receipt and to the intake key; intake passes it on to the force's welfare leads (never the case
/// key), so welfare leads read support needs and never the report.
/// </summary>
public static class WelfareKeyAtFiling
{
    public static void Grant(Case @case, ReporterSecrets secrets, ReadOnlySpan<byte> reporterKey, DateOnly today)
    {
        var welfareKey = CaseKey.Generate();
        try
        {
            @case.Grants.Add(CaseGrants.ToPublicKey(@case.Id, KeyPurpose.Welfare, KeyHolder.Escrow, welfareKey, secrets.EscrowPublicKey, secrets.Retention, today));
            @case.Grants.Add(CaseGrants.ToPublicKey(@case.Id, KeyPurpose.Welfare, KeyHolder.Intake, welfareKey, secrets.IntakePublicKey, secrets.Retention, today));
            @case.Grants.Add(CaseGrants.ToReporter(@case.Id, welfareKey, reporterKey, secrets.Retention, today, KeyPurpose.Welfare));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(welfareKey);
        }
    }
}
