using ReportPortal.Crypto;

namespace ReportPortal.Core.Cases;

/// <summary>
/// The blind indexes the internal side computes (never the public reporter face). Each domain has its
/// own key derived from the index root, so no key serves two purposes, and every index that involves a
/// force uses the force's stable code, never its display name.
/// </summary>
public sealed class BlindIndexes(byte[] indexRoot)
{
    public const string ChatGroupDomain = "chat-group";
    public const string SubjectNameDomain = "subject-name";
    public const string StaffNumberDomain = "staff-number";
    public const string EvidenceHashDomain = "evidence-hash";
    public const string ApiKeyDomain = "api-key";
    public const string HrEventReplayDomain = "hr-event-replay";

    public byte[] ChatGroup(string? platform, string groupName) =>
        Compute(ChatGroupDomain, BlindIndex.NormaliseIdentifier(platform ?? string.Empty) + ":" + BlindIndex.NormaliseName(groupName));

    public byte[] SubjectName(string name) => Compute(SubjectNameDomain, BlindIndex.NormaliseName(name));

    /// <summary>The SHA-256 of an evidence file as received, as lower-case hex: the same file in two reports links them.</summary>
    public byte[] EvidenceHash(ReadOnlySpan<byte> sha256) => Compute(EvidenceHashDomain, Convert.ToHexStringLower(sha256));

    /// <summary>Force code + collar or staff number: the same value for a report's subject, a staff account and a confidential reporter.</summary>
    public byte[] StaffNumber(string forceCode, string staffNumber) =>
        Compute(StaffNumberDomain, BlindIndex.NormaliseIdentifier(forceCode) + ":" + CanonicalStaffNumber(staffNumber));

    /// <summary>What is stored of an HR API key: the key as presented, exactly (it is random, so nothing to normalise).</summary>
    public byte[] ApiKey(string key) => Compute(ApiKeyDomain, key);

    /// <summary>An HR event's idempotency key, within its client: a replay is recognised without keeping the key.</summary>
    public byte[] HrEventReplay(Guid clientId, string idempotencyKey) => Compute(HrEventReplayDomain, clientId.ToString("N") + ":" + idempotencyKey);

    /// <summary>
    /// The number as people write it many ways ("PC 1234", "1234", "01234", "pc1234"): its digits without
    /// leading zeros, or the normalised identifier when it has no digits. Erring towards treating two
    /// numbers as one is the safe side: a conflict of interest is missed only if two spellings differ here.
    /// </summary>
    public static string CanonicalStaffNumber(string staffNumber)
    {
        var identifier = BlindIndex.NormaliseIdentifier(staffNumber);
        var digits = string.Concat(identifier.Where(char.IsAsciiDigit)).TrimStart('0');
        return digits.Length > 0 ? digits : identifier;
    }

    private byte[] Compute(string domain, string value)
    {
        var key = SubKeys.Derive(indexRoot, "blind-index/" + domain);
        try
        {
            return BlindIndex.Compute(key, domain, value);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(key);
        }
    }
}
