using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ReportPortal.Core.Cases;
using ReportPortal.Core.DataProtection;
using ReportPortal.Core.Secrets;
using ReportPortal.Core.Staff;
using ReportPortal.Crypto;
using ReportPortal.ReporterFace.Reporting;
using ReportPortal.ReporterFace.Secrets;
using ReportPortal.ReporterFace.Status;
using ReportPortal.Tests.Infrastructure;

namespace ReportPortal.Tests.Trust;

/// <summary>
/// Checks every service-layer vector of docs/crypto-format.md ("Records, grants and key rings") against the
/// service code. The vectors were computed from the document with pyca/cryptography
/// (Vectors/make_service_vectors.py), so the checks open the vectors' ciphertexts with the code rather than
/// re-sealing them, which would need fixed nonces the service code does not expose.
/// </summary>
public sealed partial class ServiceFormatDocumentTests
{
    private const string DocumentName = "crypto-format.md";
    private const string FormatPrefix = "service-";

    private static readonly string[] Formats =
    [
        "service-grant-context", "service-grant-reporter", "service-grant-public-key", "service-subkey",
        "service-receipt-lookup", "service-submission-token", "service-blind-index", "service-staff-key-pin",
        "service-sealed-record", "service-sealed-message", "service-key-ring-descriptor", "service-key-ring-element",
        "service-reporter-session", "service-totp-secret",
    ];

    private static readonly Lazy<Dictionary<string, ServiceVector>> Vectors = new(ReadVectors);

    public static TheoryData<string> VectorNames() => [.. Vectors.Value.Keys];

    [Fact]
    public void Every_service_format_has_a_vector_and_no_vector_has_an_unknown_format()
    {
        var present = Vectors.Value.Values.Select(v => v["format"]).Distinct().Order(StringComparer.Ordinal);

        Assert.Equal(Formats.Order(StringComparer.Ordinal), present);
    }

    [Fact]
    public void Blind_indexes_cover_every_domain_the_service_uses()
    {
        var domains = Vectors.Value.Values.Where(v => v["format"] == "service-blind-index").Select(v => v["domain"]).Order(StringComparer.Ordinal);

        Assert.Equal(new[] { BlindIndexes.ChatGroupDomain, BlindIndexes.StaffNumberDomain, BlindIndexes.SubjectNameDomain }, domains);
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Vector_matches_the_service_code(string name)
    {
        var v = Vectors.Value[name];
        switch (v["format"])
        {
            case "service-grant-context": CheckGrantContext(v); break;
            case "service-grant-reporter": CheckReporterGrant(v); break;
            case "service-grant-public-key": CheckPublicKeyGrant(v); break;
            case "service-subkey": CheckSubKey(v); break;
            case "service-receipt-lookup": CheckReceiptLookup(v); break;
            case "service-submission-token": CheckSubmissionToken(v); break;
            case "service-blind-index": CheckBlindIndex(v); break;
            case "service-staff-key-pin": CheckStaffKeyPin(v); break;
            case "service-sealed-record": CheckSealedRecord(v); break;
            case "service-sealed-message": CheckSealedMessage(v); break;
            case "service-key-ring-descriptor": CheckKeyRingDescriptor(v); break;
            case "service-key-ring-element": CheckKeyRingElement(v); break;
            case "service-reporter-session": CheckReporterSession(v); break;
            case "service-totp-secret": CheckTotpSecret(v); break;
            default: Assert.Fail($"Vector {name} has an unknown format {v["format"]}."); break;
        }
    }

    /// <summary>
    /// The stored strings are bound into grant contexts (and so into every grant's associated data) and
    /// checked by CHECK constraints: each enum value's string is pinned here, so a rename fails this test.
    /// </summary>
    [Fact]
    public void Stored_names_are_the_known_answers()
    {
        AssertNames(StoredNames.Status, [
            (CaseStatus.Received, "received"), (CaseStatus.Acknowledged, "acknowledged"), (CaseStatus.Assessing, "assessing"),
            (CaseStatus.UnderInvestigation, "under-investigation"), (CaseStatus.Closed, "closed")]);
        AssertNames(StoredNames.Identity, [
            (IdentityMode.Anonymous, "anonymous"), (IdentityMode.Confidential, "confidential"), (IdentityMode.Open, "open")]);
        AssertNames(StoredNames.Purpose, [
            (KeyPurpose.CaseContent, "case-content"), (KeyPurpose.ReporterIdentity, "reporter-identity"), (KeyPurpose.Welfare, "welfare")]);
        AssertNames(StoredNames.Holder, [
            (KeyHolder.Escrow, "escrow"), (KeyHolder.Reporter, "reporter"), (KeyHolder.Staff, "staff"), (KeyHolder.Intake, "intake")]);
        AssertNames(StoredNames.Author, [
            (MessageAuthor.System, "system"), (MessageAuthor.Reporter, "reporter"), (MessageAuthor.Staff, "staff"), (MessageAuthor.Welfare, "welfare")]);
        AssertNames(Core.Welfare.WelfareNames.LogKind, [
            (Core.Welfare.WelfareLogKind.Contact, "contact"), (Core.Welfare.WelfareLogKind.AgreedAction, "agreed-action"),
            (Core.Welfare.WelfareLogKind.Assigned, "assigned"), (Core.Welfare.WelfareLogKind.Ended, "ended")]);
        AssertNames(Core.Welfare.WelfareNames.Request, [
            (Core.Welfare.WelfareRequest.SupportRequested, "support-requested"), (Core.Welfare.WelfareRequest.DetrimentReported, "detriment-reported")]);
        AssertNames(StoredNames.EventKind, [
            (CaseEventKind.Submitted, "submitted"), (CaseEventKind.Acknowledged, "acknowledged"),
            (CaseEventKind.AssessmentStarted, "assessment-started"), (CaseEventKind.ReferredToIopc, "referred-to-iopc"),
            (CaseEventKind.InvestigationOpened, "investigation-opened"), (CaseEventKind.FeedbackGiven, "feedback-given"),
            (CaseEventKind.Closed, "closed"), (CaseEventKind.ReporterReplied, "reporter-replied"),
            (CaseEventKind.HrEventMatched, "hr-event-matched")]);
        AssertNames(StoredNames.DeadlineKind, [
            (DeadlineKind.HumanAcknowledgement, "human-acknowledgement"), (DeadlineKind.IopcReferralDecision, "iopc-referral-decision"),
            (DeadlineKind.FeedbackToReporter, "feedback-to-reporter"), (DeadlineKind.LongInvestigationReport, "long-investigation-report"),
            (DeadlineKind.WelfareLeadAssignment, "welfare-lead-assignment"), (DeadlineKind.WelfareFirstContact, "welfare-first-contact"),
            (DeadlineKind.RetaliationCheckIn, "retaliation-check-in")]);
        AssertNames(StoredNames.CheckInTemplate, [
            (Core.CheckIns.CheckInTemplate.OneMonth, "one-month"), (Core.CheckIns.CheckInTemplate.ThreeMonths, "three-months"),
            (Core.CheckIns.CheckInTemplate.SixMonths, "six-months"), (Core.CheckIns.CheckInTemplate.TwelveMonths, "twelve-months")]);
        AssertNames(StoredNames.CheckInChoice, [
            (Core.CheckIns.CheckInChoice.AllFine, "all-fine"), (Core.CheckIns.CheckInChoice.WouldLikeToTalk, "would-like-to-talk"),
            (Core.CheckIns.CheckInChoice.TreatedBadly, "treated-badly")]);
    }

    [Fact]
    public void Fixed_strings_of_the_service_formats_are_the_documented_ones()
    {
        Assert.Equal("case.account", SealedFields.Account);
        Assert.Equal("case.reporter-identity", SealedFields.ReporterIdentity);
        Assert.Equal("subject.details", SealedFields.SubjectDetails);
        Assert.Equal("message.body", SealedFields.MessageBody);
        Assert.Equal("welfare.message", SealedFields.WelfareMessage);
        Assert.Equal("welfare.log", SealedFields.WelfareLog);
        Assert.Equal("welfare.check-in-answer", SealedFields.WelfareCheckInAnswer);
        Assert.Equal("receipt", CaseGrants.ReporterKeyId);
        Assert.Equal("reporter", SealedKeyRing.ReporterRing);
        Assert.Equal("staff", SealedKeyRing.StaffRing);
        Assert.Equal("rp_inbox", InboxSession.CookieName);
    }

    private static void AssertNames<TEnum>(Core.Database.FixedNames<TEnum> names, (TEnum Value, string Stored)[] expected)
        where TEnum : struct, Enum
    {
        Assert.Equal(Enum.GetValues<TEnum>(), expected.Select(e => e.Value));
        Assert.Equal(expected.Select(e => e.Stored), expected.Select(e => names[e.Value]));
    }

    private static void CheckGrantContext(ServiceVector v)
    {
        var purpose = StoredNames.Purpose.Parse(v["purpose"]);
        var holder = StoredNames.Holder.Parse(v["holder"]);
        byte[] expected = [.. Lp("reportportal/grant/v2"), .. Lp(GuidBytes(v.Guid("case-id"))), .. Lp(v["purpose"]), .. Lp(v["holder"]), .. Lp(v["holder-key-id"])];

        Assert.Equal(expected, v.Bytes("context"));
        Assert.Equal(v.Bytes("context"), CaseGrants.Context(v.Guid("case-id"), purpose, holder, v["holder-key-id"]));
    }

    private static void CheckReporterGrant(ServiceVector v)
    {
        var caseId = v.Guid("case-id");
        var receipt = Receipt.Parse(v["receipt"]).Receipt ?? throw new InvalidDataException("The vector's receipt does not parse.");
        var reporterKey = receipt.DeriveReporterKey();
        var retention = Retention(v);
        Assert.Equal(v.Bytes("reporter-key"), reporterKey);
        Assert.Equal(v.Bytes("context"), CaseGrants.Context(caseId, KeyPurpose.CaseContent, KeyHolder.Reporter, CaseGrants.ReporterKeyId));
        CheckRetentionLayer(v);
        Assert.Equal(v.Bytes("case-key"), KeyWrap.UnwrapWithKey(v.Bytes("inner"), reporterKey, v.Bytes("context")));

        var stored = new KeyGrant
        {
            CaseId = caseId,
            Purpose = KeyPurpose.CaseContent,
            Holder = KeyHolder.Reporter,
            HolderKeyId = CaseGrants.ReporterKeyId,
            RetentionKeyId = v["retention-key-id"],
            WrappedKey = v.Bytes("wrapped-key"),
        };
        Assert.Equal(v.Bytes("case-key"), CaseGrants.OpenReporterGrant(stored, reporterKey, retention));

        // A grant the code makes now has the same columns, and opens the same way.
        var made = CaseGrants.ToReporter(caseId, v.Bytes("case-key"), reporterKey, retention, new DateOnly(2026, 1, 5));
        Assert.Equal((KeyPurpose.CaseContent, KeyHolder.Reporter, "receipt", v["retention-key-id"]), (made.Purpose, made.Holder, made.HolderKeyId, made.RetentionKeyId));
        Assert.Equal(v.Bytes("wrapped-key").Length, made.WrappedKey.Length);
        Assert.Equal(v.Bytes("case-key"), CaseGrants.OpenReporterGrant(made, reporterKey, retention));
    }

    private static void CheckPublicKeyGrant(ServiceVector v)
    {
        var caseId = v.Guid("case-id");
        var purpose = StoredNames.Purpose.Parse(v["purpose"]);
        var holder = StoredNames.Holder.Parse(v["holder"]);
        using var holderKey = HolderKey(v.Bytes("holder-private"), v.Bytes("holder-public"));
        Assert.Equal(v.Bytes("holder-spki"), holderKey.PublicKeySpki);
        Assert.Equal(v["holder-key-id"], SubKeys.KeyId(v.Bytes("holder-spki")));
        Assert.Equal(v.Bytes("context"), CaseGrants.Context(caseId, purpose, holder, v["holder-key-id"]));
        CheckRetentionLayer(v);
        Assert.Equal(v.Bytes("key"), KeyWrap.UnwrapWithPrivateKey(v.Bytes("inner"), holderKey.PrivateKey, v.Bytes("context")));

        var stored = new KeyGrant
        {
            CaseId = caseId,
            Purpose = purpose,
            Holder = holder,
            HolderKeyId = v["holder-key-id"],
            RetentionKeyId = v["retention-key-id"],
            WrappedKey = v.Bytes("wrapped-key"),
        };
        Assert.Equal(v.Bytes("key"), CaseGrants.OpenWithPrivateKey(stored, holderKey, Retention(v)));

        // Moved to another purpose, the grant no longer authenticates.
        var moved = new KeyGrant
        {
            CaseId = caseId,
            Purpose = purpose == KeyPurpose.CaseContent ? KeyPurpose.ReporterIdentity : KeyPurpose.CaseContent,
            Holder = holder,
            HolderKeyId = v["holder-key-id"],
            RetentionKeyId = v["retention-key-id"],
            WrappedKey = v.Bytes("wrapped-key"),
        };
        Assert.ThrowsAny<CryptographicException>(() => CaseGrants.OpenWithPrivateKey(moved, holderKey, Retention(v)));

        var made = CaseGrants.ToPublicKey(caseId, purpose, holder, v.Bytes("key"), v.Bytes("holder-spki"), Retention(v), new DateOnly(2026, 1, 5));
        Assert.Equal((v["holder-key-id"], v["retention-key-id"]), (made.HolderKeyId, made.RetentionKeyId));
        Assert.Equal(v.Bytes("wrapped-key").Length, made.WrappedKey.Length);
        Assert.Equal(v.Bytes("key"), CaseGrants.OpenWithPrivateKey(made, holderKey, Retention(v)));
    }

    /// <summary>The outer layer: a symmetric wrap (section 6) whose caller data is the documented retention encoding.</summary>
    private static void CheckRetentionLayer(ServiceVector v)
    {
        byte[] callerData = [.. Lp("reportportal/grant/retention/v1"), .. Lp(v.Bytes("context")), .. Lp(v["retention-key-id"])];
        Assert.Equal(callerData, v.Bytes("retention-caller-data"));
        Assert.Equal(v.Bytes("inner"), KeyWrap.UnwrapWithKey(v.Bytes("wrapped-key"), v.Bytes("retention-key"), callerData));
        Assert.Equal(v.Bytes("inner"), GrantContext.OpenRetention(v.Bytes("wrapped-key"), v.Bytes("retention-key"), v.Bytes("context"), v["retention-key-id"]));
        Assert.Equal(v.Bytes("outer-nonce"), v.Bytes("wrapped-key")[1..13]);
    }

    private static void CheckSubKey(ServiceVector v)
    {
        Assert.Equal(v.Bytes("info"), Encoding.ASCII.GetBytes("reportportal/subkey/v1/" + v["label"]));
        Assert.Equal(v.Bytes("subkey"), SubKeys.Derive(v.Bytes("root"), v["label"]));
    }

    private static void CheckReceiptLookup(ServiceVector v)
    {
        var secrets = ReporterSecretsWithRoot(v.Bytes("receipt-root"));
        var receipt = Receipt.Parse(v["receipt"]).Receipt ?? throw new InvalidDataException("The vector's receipt does not parse.");

        Assert.Equal(v.Bytes("lookup-key"), secrets.ReceiptLookupKey);
        Assert.Equal(v.Bytes("lookup"), receipt.LookupHash(secrets.ReceiptLookupKey));
    }

    private static void CheckSubmissionToken(ServiceVector v)
    {
        var secrets = ReporterSecretsWithRoot(v.Bytes("receipt-root"));

        Assert.Equal(v.Bytes("token-key"), secrets.SubmissionTokenKey);
        Assert.Equal(v.Bytes("token-hash"), ReportFiling.SubmissionTokenHash(secrets.SubmissionTokenKey, Receipt.Parse(v["receipt"]).Receipt!));
    }

    private static void CheckBlindIndex(ServiceVector v)
    {
        var indexes = new BlindIndexes(v.Bytes("index-root"));
        var domain = v["domain"];
        var (value, index) = domain switch
        {
            BlindIndexes.ChatGroupDomain => (
                BlindIndex.NormaliseIdentifier(v.Text("platform")) + ":" + BlindIndex.NormaliseName(v.Text("group-name")),
                indexes.ChatGroup(v.Text("platform"), v.Text("group-name"))),
            BlindIndexes.SubjectNameDomain => (BlindIndex.NormaliseName(v.Text("subject-name")), indexes.SubjectName(v.Text("subject-name"))),
            BlindIndexes.StaffNumberDomain => (
                BlindIndex.NormaliseIdentifier(v.Text("force-code")) + ":" + BlindIndexes.CanonicalStaffNumber(v.Text("staff-number")),
                indexes.StaffNumber(v.Text("force-code"), v.Text("staff-number"))),
            _ => throw new InvalidDataException($"Unknown blind-index domain {domain}."),
        };

        Assert.Equal(v.Text("value"), value);
        Assert.Equal(v.Bytes("index-key"), SubKeys.Derive(v.Bytes("index-root"), "blind-index/" + domain));
        Assert.Equal(v.Bytes("index"), BlindIndex.Compute(v.Bytes("index-key"), domain, value));
        Assert.Equal(v.Bytes("index"), index);
    }

    private static void CheckStaffKeyPin(ServiceVector v)
    {
        byte[] message = [.. Encoding.ASCII.GetBytes("reportportal/staff-key-pin/v1"), 0x00, .. GuidBytes(v.Guid("staff-id")), .. v.Bytes("spki")];
        Assert.Equal(message, v.Bytes("message"));
        Assert.Equal(v.Bytes("pin"), HMACSHA256.HashData(v.Bytes("pin-key"), message));

        Assert.Equal(v.Bytes("pin"), StaffKeys.Pin(v.Bytes("pin-key"), v.Guid("staff-id"), v.Bytes("spki")));
    }

    private static void CheckSealedRecord(ServiceVector v)
    {
        var key = v.Bytes("key");
        var context = v.Context();
        var json = v.Bytes("json");
        Assert.Equal(v.Number("padded-size"), Sealer.PaddedSize(json.Length));
        Assert.Equal(v.Number("padded-size") + 29, v.Bytes("sealed").Length);
        Assert.Equal(json, Encoding.UTF8.GetBytes(Sealer.OpenText(key, v.Bytes("sealed"), context)));

        // Opened as the service opens it, then written again as the service writes it: the same bytes,
        // so the document's JSON is exactly what the encoder produces for these values.
        var (field, rewritten) = v["record-type"] switch
        {
            nameof(ReportAccount) => (SealedFields.Account, Rewrite<ReportAccount>(key, v.Bytes("sealed"), context)),
            nameof(SubjectDetails) => (SealedFields.SubjectDetails, Rewrite<SubjectDetails>(key, v.Bytes("sealed"), context)),
            nameof(ReporterIdentity) => (SealedFields.ReporterIdentity, Rewrite<ReporterIdentity>(key, v.Bytes("sealed"), context)),
            _ => throw new InvalidDataException($"Unknown record type {v["record-type"]}."),
        };
        Assert.Equal(field, context.Field);
        Assert.Equal(json, rewritten);
    }

    private static byte[] Rewrite<T>(byte[] key, byte[] sealedBlob, SealContext context)
    {
        var record = SealedFields.OpenRecord<T>(key, sealedBlob, context);
        return Encoding.UTF8.GetBytes(Sealer.OpenText(key, SealedFields.SealRecord(key, record, context), context));
    }

    private static void CheckSealedMessage(ServiceVector v)
    {
        Assert.Equal(SealedFields.MessageBody, v["field"]);
        var message = new CaseMessage { Id = v.Guid("record-id"), CaseId = v.Guid("case-id"), SealedBody = v.Bytes("sealed") };

        Assert.Equal(v.Text("text"), SealedFields.OpenMessage(v.Bytes("key"), message));
    }

    private static void CheckKeyRingDescriptor(ServiceVector v)
    {
        var secret = new KeyRingSecret(v["ring"], v.Bytes("ring-key"));
        var context = new SealContext(Guid.Empty, Guid.Empty, v["field"]);
        Assert.Equal(context, SealedKeyRing.DescriptorContext(v["ring"]));
        Assert.Equal(v.Bytes("xml"), Sealer.Open(secret.Key, v.Bytes("sealed"), context));
        Assert.Equal(v["value"], Convert.ToBase64String(v.Bytes("sealed")));

        using var services = new ServiceCollection().AddSingleton(secret).BuildServiceProvider();
        var decrypted = new KeyRingDecryptor(services).Decrypt(new XElement("sealedKey", new XElement("value", v["value"])));

        Assert.Equal(v.Text("xml"), decrypted.ToString(SaveOptions.DisableFormatting));
    }

    private static void CheckKeyRingElement(ServiceVector v)
    {
        var secret = new KeyRingSecret(v["ring"], v.Bytes("ring-key"));
        var sealedElement = Convert.FromBase64String(v["stored"]);
        Assert.Equal(new SealContext(Guid.Empty, Guid.Empty, v["field"]), SealedKeyRing.ElementContext(v["ring"]));
        Assert.Equal(v["sealed-sha256"], Convert.ToHexStringLower(SHA256.HashData(sealedElement)));
        Assert.Equal(v.Bytes("nonce"), sealedElement[1..13]);

        var element = SealedKeyRing.OpenElement(secret, v["stored"]);

        Assert.NotNull(element);
        Assert.Equal(v.Text("xml"), element.ToString(SaveOptions.DisableFormatting));
        var otherRing = v["ring"] == SealedKeyRing.StaffRing ? SealedKeyRing.ReporterRing : SealedKeyRing.StaffRing;
        Assert.Null(SealedKeyRing.OpenElement(secret with { Ring = otherRing }, v["stored"]));
    }

    private static void CheckReporterSession(ServiceVector v)
    {
        var secret = v.Bytes("secret");
        Assert.Equal(v["cookie"], Convert.ToBase64String(secret));
        Assert.Equal(v.Bytes("secret-hash"), SHA256.HashData(secret));
        Assert.Equal(v.Bytes("wrap-key"), InboxSession.WrapKey(secret));
        Assert.Equal(v.Bytes("caller-data"), InboxSession.Context(v.Guid("session-id")));

        var access = KeyWrap.UnwrapWithKey(v.Bytes("sealed-access"), v.Bytes("wrap-key"), v.Bytes("caller-data"));
        Assert.Equal(80, access.Length);
        Assert.Equal(v.Guid("case-id"), new Guid(access.AsSpan(0, 16), bigEndian: true));
        Assert.Equal(v.Bytes("case-key"), access[16..48]);
        Assert.Equal(v.Bytes("receipt-lookup"), access[48..]);
        Assert.Equal(access, InboxSession.Access(v.Guid("case-id"), v.Bytes("case-key"), v.Bytes("receipt-lookup")));
    }

    private static void CheckTotpSecret(ServiceVector v)
    {
        Assert.Equal(v.Bytes("key"), SubKeys.Derive(v.Bytes("pepper"), TotpSecrets.SubKeyLabel));
        Assert.Equal(v.Bytes("caller-data"), TotpSecrets.Context(v.Guid("staff-id")));
        Assert.Equal(v.Bytes("secret"), TotpSecrets.Open(v.Bytes("sealed"), v.Guid("staff-id"), v.Bytes("pepper")));
        Assert.ThrowsAny<CryptographicException>(() => TotpSecrets.Open(v.Bytes("sealed"), Guid.NewGuid(), v.Bytes("pepper")));
        var resealed = TotpSecrets.Seal(v.Bytes("secret"), v.Guid("staff-id"), v.Bytes("pepper"));
        Assert.Equal(v.Bytes("sealed").Length, resealed.Length);
        Assert.Equal(v.Bytes("secret"), TotpSecrets.Open(resealed, v.Guid("staff-id"), v.Bytes("pepper")));
    }

    private static RetentionKeys Retention(ServiceVector v) =>
        new(v["retention-key-id"], new Dictionary<string, byte[]> { [v["retention-key-id"]] = v.Bytes("retention-key") });

    private static KeyPair HolderKey(byte[] scalar, byte[] point)
    {
        using var key = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = scalar,
            Q = new ECPoint { X = point[1..33], Y = point[33..] },
        });
        return KeyPair.FromPkcs8(key.ExportPkcs8PrivateKey());
    }

    /// <summary>The reporter face's secrets as it loads them, with the vector's receipt root and throwaway everything else.</summary>
    private static ReporterSecrets ReporterSecretsWithRoot(byte[] receiptRoot)
    {
        using var escrow = KeyPair.Generate();
        using var intake = KeyPair.Generate();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{ReporterSecrets.Section}:ReceiptKey"] = Convert.ToBase64String(receiptRoot),
            [$"{ReporterSecrets.Section}:DataProtectionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["ReportPortal:EscrowPublicKey"] = escrow.ExportPublicKeyPem(),
            ["ReportPortal:IntakePublicKey"] = intake.ExportPublicKeyPem(),
            [$"{RetentionKeys.Section}:Current"] = "r2026a",
            [$"{RetentionKeys.Section}:Keys:r2026a"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        }).Build();
        return ReporterSecrets.FromConfiguration(configuration);
    }

    private static byte[] GuidBytes(Guid value) => Convert.FromHexString(value.ToString("N"));

    private static byte[] Lp(string value) => Lp(Encoding.UTF8.GetBytes(value));

    private static byte[] Lp(byte[] value)
    {
        var length = (uint)value.Length;
        return [(byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length, .. value];
    }

    private static string DocumentPath() => RepositoryFolder.File("docs", DocumentName);

    private static Dictionary<string, ServiceVector> ReadVectors()
    {
        var result = new Dictionary<string, ServiceVector>(StringComparer.Ordinal);
        foreach (Match fence in Fence().Matches(File.ReadAllText(DocumentPath())))
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var line in fence.Groups["lines"].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var pair = Line().Match(line);
                if (!pair.Success || !fields.TryAdd(pair.Groups["key"].Value, pair.Groups["value"].Value))
                {
                    throw new InvalidDataException($"Malformed or repeated vector line: {line}");
                }
            }

            if (fields.TryGetValue("format", out var format) && format.StartsWith(FormatPrefix, StringComparison.Ordinal)
                && !result.TryAdd(fields["name"], new ServiceVector(fields)))
            {
                throw new InvalidDataException($"Vector name {fields["name"]} is used twice.");
            }
        }

        return result;
    }

    [GeneratedRegex(@"^```vector\n(?<lines>.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fence();

    [GeneratedRegex(@"^(?<key>[a-z0-9-]+):(?: (?<value>\S(?:.*\S)?))?$")]
    private static partial Regex Line();

    private sealed class ServiceVector(Dictionary<string, string> fields)
    {
        public string this[string key] => fields.TryGetValue(key, out var value)
            ? value
            : throw new KeyNotFoundException($"Vector {fields["name"]} has no {key}.");

        public byte[] Bytes(string key) => Convert.FromHexString(this[key]);

        /// <summary>A value given as hex of its UTF-8 bytes, decoded strictly.</summary>
        public string Text(string key) => new UTF8Encoding(false, true).GetString(Bytes(key));

        public Guid Guid(string key) => System.Guid.Parse(this[key], CultureInfo.InvariantCulture);

        public int Number(string key) => int.Parse(this[key], CultureInfo.InvariantCulture);

        public SealContext Context() => new(Guid("case-id"), Guid("record-id"), this["field"]);
    }
}
