using System.Security.Cryptography;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Disclosure;
using ReportPortal.Crypto;
using ReportPortal.StaffFace.Secrets;

namespace ReportPortal.StaffFace.Disclosure;

/// <summary>
/// The staff face's hold key for disclosure (docs/disclosure.md): derived from its own key-pin secret
/// under a label of its own, so it exists only in the staff face's memory and never in the database, its
/// backups or any other process. It seals the words of a request and the identity grant waiting for its
/// release day; a copy of the database, even with a handler's private key, opens neither.
/// </summary>
public sealed class DisclosureHold(StaffSecrets secrets) : IDisposable
{
    private readonly byte[] _key = SubKeys.Derive(secrets.KeyPinKey, DisclosureFields.HoldKeyLabel);

    public byte[] SealText(Guid caseId, Guid recordId, string field, string text) => Sealer.SealText(_key, text, new SealContext(caseId, recordId, field));

    public string OpenText(Guid caseId, Guid recordId, string field, byte[] sealedText) => Sealer.OpenText(_key, sealedText, new SealContext(caseId, recordId, field));

    /// <summary>Holds a finished grant back: its wrapped bytes sealed under the hold key, bound to the case and request.</summary>
    public void Hold(DisclosureRequest request, KeyGrant grant)
    {
        request.HeldGrant = Sealer.Seal(_key, grant.WrappedKey, new SealContext(request.CaseId, request.Id, DisclosureFields.HeldGrant));
        request.HeldGrantKeyId = grant.HolderKeyId;
        request.HeldGrantRetentionKeyId = grant.RetentionKeyId;
    }

    /// <summary>The held grant as a real grant row of the requester, ready to add; the request's held copy is cleared.</summary>
    public KeyGrant Release(DisclosureRequest request, DateOnly today)
    {
        var wrapped = Sealer.Open(_key, request.HeldGrant!, new SealContext(request.CaseId, request.Id, DisclosureFields.HeldGrant));
        var grant = new KeyGrant
        {
            CaseId = request.CaseId,
            Purpose = KeyPurpose.ReporterIdentity,
            Holder = KeyHolder.Staff,
            HolderKeyId = request.HeldGrantKeyId!,
            RetentionKeyId = request.HeldGrantRetentionKeyId!,
            StaffMemberId = request.RequestedByStaffMemberId,
            GrantedByStaffMemberId = request.HeldGrantedByStaffMemberId,
            WrappedKey = wrapped,
            GrantedOn = today,
        };
        Forget(request);
        return grant;
    }

    public static void Forget(DisclosureRequest request)
    {
        request.HeldGrant = null;
        request.HeldGrantKeyId = null;
        request.HeldGrantRetentionKeyId = null;
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_key);
}
