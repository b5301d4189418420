using System.Text.Json;
using ReportPortal.Core.Secrets;
using ReportPortal.Crypto;

namespace ReportPortal.Core.Cases;

/// <summary>What the reporter said about where, when and what happened.</summary>
/// <remarks>
/// The answers after <see cref="OthersWhoSaw"/> are optional ("yes", "no", "not-sure" or absent) and help
/// a professional standards unit act fast; accounts sealed before they existed open with them absent.
/// <see cref="ColleagueHandles"/> holds the name or username each described colleague shows in the
/// app, in the order the reporter described them (null where none was given).
/// </remarks>
public sealed record ReportAccount(
    string? Platform,
    string? GroupName,
    string? WhenItHappened,
    string WhatHappened,
    string? OthersWhoSaw,
    string? AnyoneAtRisk = null,
    string? DisappearingMessages = null,
    string? StillInGroup = null,
    string? HasScreenshots = null,
    string? PoliceSystemsMaterial = null,
    string? ReportedElsewhere = null,
    string? ReportedElsewhereWhere = null,
    IReadOnlyList<string?>? ColleagueHandles = null);

/// <summary>A colleague the report is about, as the reporter described them. Every part is optional.</summary>
public sealed record SubjectDetails(string? Name, string? StaffNumber, string? Force, string? Unit, string? Rank);

/// <summary>Who a confidential or open reporter is.</summary>
public sealed record ReporterIdentity(string Name, string StaffNumber, string? Contact);

/// <summary>
/// The field names that go into every seal's associated data. Changing one makes existing
/// ciphertexts unreadable, so they are fixed here and nowhere else.
/// </summary>
public static class SealedFields
{
    public const string Account = "case.account";
    public const string ReporterIdentity = "case.reporter-identity";
    public const string SubjectDetails = "subject.details";
    public const string MessageBody = "message.body";
    public const string NoteBody = "note.body";
    public const string ReferralReasons = "case.referral-reasons";

    // Under the welfare key (KeyPurpose.Welfare), never the case key.
    public const string WelfareMessage = "welfare.message";
    public const string WelfareLog = "welfare.log";
    public const string WelfareCheckInAnswer = "welfare.check-in-answer";

    /// <summary>Sealed records keep non-ASCII text as UTF-8 (no \u escapes): see <see cref="MinimalJsonEncoder"/>.</summary>
    private static readonly JsonSerializerOptions RecordJson = new() { Encoder = MinimalJsonEncoder.Instance };

    public static byte[] SealRecord<T>(ReadOnlySpan<byte> key, T value, SealContext context) =>
        Sealer.SealText(key, JsonSerializer.Serialize(value, RecordJson), context);

    public static byte[] SealMessage(ReadOnlySpan<byte> caseKey, Guid caseId, Guid messageId, string body) =>
        Sealer.SealText(caseKey, body, new SealContext(caseId, messageId, MessageBody));

    public static string OpenMessage(ReadOnlySpan<byte> caseKey, CaseMessage message) =>
        Sealer.OpenText(caseKey, message.SealedBody, new SealContext(message.CaseId, message.Id, MessageBody));

    public static byte[] SealNote(ReadOnlySpan<byte> caseKey, Guid caseId, Guid noteId, string body) =>
        Sealer.SealText(caseKey, body, new SealContext(caseId, noteId, NoteBody));

    public static string OpenNote(ReadOnlySpan<byte> caseKey, CaseNote note) =>
        Sealer.OpenText(caseKey, note.SealedBody, new SealContext(note.CaseId, note.Id, NoteBody));

    public static T OpenRecord<T>(ReadOnlySpan<byte> key, ReadOnlySpan<byte> sealedBlob, SealContext context) =>
        JsonSerializer.Deserialize<T>(Sealer.OpenText(key, sealedBlob, context), RecordJson)
            ?? throw new System.Security.Cryptography.CryptographicException($"Sealed {context.Field} held no value.");
}

/// <summary>
/// How case keys are wrapped for their holders (DESIGN §3; docs/crypto-format.md, "Grants"). Each grant is
/// two layers: the holder's wrap (ECIES to a public key, or AES-GCM under the receipt-derived key), bound
/// to case, purpose, holder kind and holder key id; then a retention layer under a retention-period key.
/// </summary>
public static class CaseGrants
{
    /// <summary>The holder key id of every reporter grant: the key is derived from the receipt, which has no public id.</summary>
    public const string ReporterKeyId = "receipt";

    public static byte[] Context(Guid caseId, KeyPurpose purpose, KeyHolder holder, string holderKeyId) =>
        GrantContext.Encode(caseId, StoredNames.Purpose[purpose], StoredNames.Holder[holder], holderKeyId);

    /// <summary>Wraps <paramref name="key"/> to a public key (escrow, intake or a staff member's pinned key).</summary>
    public static KeyGrant ToPublicKey(Guid caseId, KeyPurpose purpose, KeyHolder holder, ReadOnlySpan<byte> key, byte[] publicKeySpki, RetentionKeys retention, DateOnly on)
    {
        if (holder == KeyHolder.Reporter)
        {
            throw new ArgumentException("Reporter grants are wrapped under the receipt-derived key.", nameof(holder));
        }

        var keyId = SubKeys.KeyId(publicKeySpki);
        var context = Context(caseId, purpose, holder, keyId);
        var inner = KeyWrap.WrapToPublicKey(key, publicKeySpki, context);
        return new KeyGrant
        {
            CaseId = caseId,
            Purpose = purpose,
            Holder = holder,
            HolderKeyId = keyId,
            RetentionKeyId = retention.CurrentId,
            WrappedKey = GrantContext.WrapForRetention(inner, retention.Current, context, retention.CurrentId),
            GrantedOn = on,
        };
    }

    /// <summary>Wraps <paramref name="key"/> (the case key, or the welfare key) under the receipt-derived key.</summary>
    public static KeyGrant ToReporter(Guid caseId, ReadOnlySpan<byte> key, ReadOnlySpan<byte> reporterKey, RetentionKeys retention, DateOnly on, KeyPurpose purpose = KeyPurpose.CaseContent)
    {
        var context = Context(caseId, purpose, KeyHolder.Reporter, ReporterKeyId);
        var inner = KeyWrap.WrapWithKey(key, reporterKey, context);
        return new KeyGrant
        {
            CaseId = caseId,
            Purpose = purpose,
            Holder = KeyHolder.Reporter,
            HolderKeyId = ReporterKeyId,
            RetentionKeyId = retention.CurrentId,
            WrappedKey = GrantContext.WrapForRetention(inner, retention.Current, context, retention.CurrentId),
            GrantedOn = on,
        };
    }

    public static byte[] OpenReporterGrant(KeyGrant grant, ReadOnlySpan<byte> reporterKey, RetentionKeys retention)
    {
        var context = Context(grant.CaseId, grant.Purpose, KeyHolder.Reporter, grant.HolderKeyId);
        var inner = GrantContext.OpenRetention(grant.WrappedKey, retention.For(grant.RetentionKeyId), context, grant.RetentionKeyId);
        try
        {
            return KeyWrap.UnwrapWithKey(inner, reporterKey, context);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(inner);
        }
    }

    /// <summary>
    /// Moves a grant's outer layer from one retention-period key to another without opening the case:
    /// the holder-wrapped key inside is never unwrapped. Used before a period's key is destroyed, for
    /// cases under legal hold or still open.
    /// </summary>
    public static void MoveToRetentionKey(KeyGrant grant, RetentionKeys retention, string newKeyId)
    {
        var context = Context(grant.CaseId, grant.Purpose, grant.Holder, grant.HolderKeyId);
        var inner = GrantContext.OpenRetention(grant.WrappedKey, retention.For(grant.RetentionKeyId), context, grant.RetentionKeyId);
        try
        {
            grant.WrappedKey = GrantContext.WrapForRetention(inner, retention.For(newKeyId), context, newKeyId);
            grant.RetentionKeyId = newKeyId;
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(inner);
        }
    }

    /// <summary>
    /// Opens a grant with the holder's private key. The associated data is rebuilt from the row's case,
    /// purpose and holder kind and from the key actually used, so a grant moved to another case, purpose,
    /// holder or key fails to authenticate.
    /// </summary>
    public static byte[] OpenWithPrivateKey(KeyGrant grant, KeyPair holderKey, RetentionKeys retention)
    {
        ArgumentNullException.ThrowIfNull(holderKey);
        var context = Context(grant.CaseId, grant.Purpose, grant.Holder, SubKeys.KeyId(holderKey.PublicKeySpki));
        var inner = GrantContext.OpenRetention(grant.WrappedKey, retention.For(grant.RetentionKeyId), context, grant.RetentionKeyId);
        try
        {
            return KeyWrap.UnwrapWithPrivateKey(inner, holderKey.PrivateKey, context);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(inner);
        }
    }
}
