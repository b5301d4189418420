using System.Text.Json;
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

    public static byte[] SealRecord<T>(ReadOnlySpan<byte> key, T value, SealContext context) =>
        Sealer.SealText(key, JsonSerializer.Serialize(value), context);

    public static byte[] SealMessage(ReadOnlySpan<byte> caseKey, Guid caseId, Guid messageId, string body) =>
        Sealer.SealText(caseKey, body, new SealContext(caseId, messageId, MessageBody));

    public static string OpenMessage(ReadOnlySpan<byte> caseKey, CaseMessage message) =>
        Sealer.OpenText(caseKey, message.SealedBody, new SealContext(message.CaseId, message.Id, MessageBody));

    public static T OpenRecord<T>(ReadOnlySpan<byte> key, ReadOnlySpan<byte> sealedBlob, SealContext context) =>
        JsonSerializer.Deserialize<T>(Sealer.OpenText(key, sealedBlob, context))
            ?? throw new System.Security.Cryptography.CryptographicException($"Sealed {context.Field} held no value.");
}

/// <summary>How case keys are wrapped for their holders (DESIGN §3).</summary>
public static class CaseGrants
{
    /// <summary>Binds a wrapped key to its case, purpose and holder, so a grant cannot be moved.</summary>
    public static byte[] Context(Guid caseId, KeyPurpose purpose, KeyHolder holder) =>
        System.Text.Encoding.UTF8.GetBytes($"reportportal/grant/v1/{caseId:N}/{purpose}/{holder}");

    public static KeyGrant ToEscrow(Guid caseId, KeyPurpose purpose, byte[] key, byte[] escrowPublicKey, DateOnly on) => new()
    {
        CaseId = caseId,
        Purpose = purpose,
        Holder = KeyHolder.Escrow,
        WrappedKey = KeyWrap.WrapToPublicKey(key, escrowPublicKey, Context(caseId, purpose, KeyHolder.Escrow)),
        GrantedOn = on,
    };

    public static KeyGrant ToReporter(Guid caseId, byte[] caseKey, byte[] reporterKey, DateOnly on) => new()
    {
        CaseId = caseId,
        Purpose = KeyPurpose.CaseContent,
        Holder = KeyHolder.Reporter,
        WrappedKey = KeyWrap.WrapWithKey(caseKey, reporterKey, Context(caseId, KeyPurpose.CaseContent, KeyHolder.Reporter)),
        GrantedOn = on,
    };

    public static byte[] OpenReporterGrant(KeyGrant grant, ReadOnlySpan<byte> reporterKey) =>
        KeyWrap.UnwrapWithKey(grant.WrappedKey, reporterKey, Context(grant.CaseId, grant.Purpose, KeyHolder.Reporter));
}
