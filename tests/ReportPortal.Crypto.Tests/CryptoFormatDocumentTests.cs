using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using static ReportPortal.Crypto.Tests.TestData;

namespace ReportPortal.Crypto.Tests;

/// <summary>
/// Checks every known-answer vector in docs/crypto-format.md against the code, so a document that drifts
/// from the code (or code that drifts from the document) fails the build. The vectors themselves were
/// computed from the document with pyca/cryptography (Vectors/make_vectors.py), not with this code.
/// </summary>
public partial class CryptoFormatDocumentTests
{
    private const string DocumentPath = "docs/crypto-format.md";

    private static readonly string[] Formats =
    [
        "seal-bytes", "seal-text", "text-padding", "file", "wrap-symmetric", "wrap-ecies", "wrap-password",
        "blind-index", "normalise-name", "normalise-identifier", "receipt",
    ];

    private static readonly Lazy<Dictionary<string, Vector>> Vectors = new(LoadVectors);

    public static TheoryData<string> VectorNames() => [.. Vectors.Value.Keys];

    [Fact]
    public void Document_has_vectors_for_every_format_and_only_known_formats()
    {
        var present = Vectors.Value.Values.Select(v => v["format"]).ToHashSet();

        Assert.Equal(Formats.Order(), present.Order());
    }

    [Fact]
    public void Document_ends_with_the_service_layer_section()
    {
        var headings = File.ReadAllLines(DocumentFile()).Where(line => line.StartsWith("## ", StringComparison.Ordinal)).ToList();

        Assert.Equal("## Records, grants and key rings (service layer)", headings[^1]);
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public async Task Vector_matches_the_code(string name)
    {
        var v = Vectors.Value[name];
        switch (v["format"])
        {
            case "seal-bytes": CheckSealBytes(v); break;
            case "seal-text": CheckSealText(v); break;
            case "text-padding": CheckTextPadding(v); break;
            case "file": await CheckFileAsync(v); break;
            case "wrap-symmetric": CheckWrapSymmetric(v); break;
            case "wrap-ecies": CheckWrapEcies(v); break;
            case "wrap-password": CheckWrapPassword(v); break;
            case "blind-index": CheckBlindIndex(v); break;
            case "normalise-name": CheckNormalisation(v, BlindIndex.NormaliseName); break;
            case "normalise-identifier": CheckNormalisation(v, BlindIndex.NormaliseIdentifier); break;
            case "receipt": CheckReceipt(v); break;
            default: Assert.Fail($"Vector {name} has an unknown format {v["format"]}."); break;
        }
    }

    private static void CheckSealBytes(Vector v)
    {
        var context = v.Context();
        Assert.Equal(v.Bytes("ad"), AssociatedData.ForContext(Sealer.Version, Sealer.BytesPurpose, context));

        var sealedBlob = Sealer.Seal(v.Bytes("key"), v.Bytes("plaintext"), context, v.Bytes("nonce"));

        Assert.Equal(v.Bytes("sealed"), sealedBlob);
        Assert.Equal(v.Bytes("plaintext"), Sealer.Open(v.Bytes("key"), sealedBlob, context));
    }

    private static void CheckSealText(Vector v)
    {
        var context = v.Context();
        var text = CanonicalWriter.StrictUtf8.GetString(v.Bytes("text"));
        Assert.Equal(v.Number("padded-size"), Sealer.PaddedSize(v.Bytes("text").Length));
        Assert.Equal(v.Bytes("ad"), AssociatedData.ForContext(Sealer.Version, Sealer.TextPurpose, context));

        var sealedBlob = Sealer.SealText(v.Bytes("key"), text, context, v.Bytes("nonce"));

        Assert.Equal(v.Number("padded-size") + Sealer.Overhead, sealedBlob.Length);
        v.AssertOutput("sealed", sealedBlob);
        Assert.Equal(text, Sealer.OpenText(v.Bytes("key"), sealedBlob, context));
    }

    private static void CheckTextPadding(Vector v)
    {
        var buckets = v.Numbers("buckets");
        Assert.Equal(buckets[0], Sealer.PaddedSize(0));
        for (var i = 0; i < buckets.Length; i++)
        {
            Assert.Equal(buckets[i], Sealer.PaddedSize(buckets[i] - Sealer.TextLengthPrefixSize));
            if (i + 1 < buckets.Length)
            {
                Assert.Equal(buckets[i + 1], Sealer.PaddedSize(buckets[i] - Sealer.TextLengthPrefixSize + 1));
            }
        }
    }

    private static async Task CheckFileAsync(Vector v)
    {
        var context = v.Context();
        var key = v.Bytes("key");
        var plaintext = v.Has("plaintext-sequential-length")
            ? SequentialBytes(v.Number("plaintext-sequential-length"))
            : v.Bytes("plaintext");
        var chunks = v.Number("chunks");
        var lastAd = AssociatedData.ForContext(FileSealer.Version, FileSealer.Purpose, context, 5);
        BigEndian((uint)(chunks - 1)).CopyTo(lastAd, lastAd.Length - 5);
        lastAd[^1] = 1;
        Assert.Equal(v.Bytes("last-chunk-ad"), lastAd);

        using var output = new MemoryStream();
        await FileSealer.SealAsync(key, new MemoryStream(plaintext), output, context, v.Bytes("nonce-prefix"));
        var sealedFile = output.ToArray();

        Assert.Equal(v.Number("sealed-length"), sealedFile.Length);
        Assert.Equal(FileSealer.HeaderSize + (chunks * FileSealer.SealedChunkSize), sealedFile.Length);
        Assert.Equal(v.Bytes("sealed-head"), sealedFile[..64]);
        var tags = Enumerable.Range(1, chunks)
            .Select(i => Convert.ToHexStringLower(sealedFile.AsSpan(FileSealer.HeaderSize + (i * FileSealer.SealedChunkSize) - 16, 16)));
        Assert.Equal(v["chunk-tags"].Split(' '), tags);
        v.AssertOutput("sealed", sealedFile);

        using var opened = new MemoryStream();
        await FileSealer.OpenAsync(key, new MemoryStream(sealedFile), opened, context);
        Assert.Equal(plaintext, opened.ToArray());
    }

    private static void CheckWrapSymmetric(Vector v)
    {
        Assert.Equal(v.Bytes("ad"), AssociatedData.ForLabel(KeyWrap.Version, KeyWrap.SymmetricPurpose, v.Bytes("caller-ad")));

        var wrapped = KeyWrap.WrapWithKey(v.Bytes("key-to-wrap"), v.Bytes("wrapping-key"), v.Bytes("caller-ad"), v.Bytes("nonce"));

        Assert.Equal(v.Bytes("wrapped"), wrapped);
        Assert.Equal(v.Bytes("key-to-wrap"), KeyWrap.UnwrapWithKey(wrapped, v.Bytes("wrapping-key"), v.Bytes("caller-ad")));
    }

    private static void CheckWrapEcies(Vector v)
    {
        using var recipient = ImportPrivate(v.Bytes("recipient-private"), v.Bytes("recipient-public"));
        using var ephemeral = ImportPrivate(v.Bytes("ephemeral-private"), v.Bytes("ephemeral-public"));
        byte[] shared;
        using (var recipientPublic = recipient.PublicKey)
        {
            shared = ephemeral.DeriveRawSecretAgreement(recipientPublic);
        }

        Assert.Equal(v.Bytes("shared-secret"), shared);
        Assert.Equal(v.Bytes("wrap-key"), Kdf.Hkdf(shared, [.. v.Bytes("ephemeral-public"), .. v.Bytes("recipient-public")], KeyWrap.EciesHkdfInfo));
        Assert.Equal(v.Bytes("ad"), AssociatedData.ForLabel(KeyWrap.Version, KeyWrap.EciesPurpose, v.Bytes("caller-ad")));

        var wrapped = KeyWrap.WrapToPublicKey(v.Bytes("key-to-wrap"), recipient.ExportSubjectPublicKeyInfo(), v.Bytes("caller-ad"), ephemeral, v.Bytes("nonce"));

        Assert.Equal(v.Bytes("wrapped"), wrapped);
        Assert.Equal(v.Bytes("key-to-wrap"), KeyWrap.UnwrapWithPrivateKey(wrapped, recipient, v.Bytes("caller-ad")));
    }

    private static void CheckWrapPassword(Vector v)
    {
        var password = CanonicalWriter.StrictUtf8.GetString(v.Bytes("password"));
        var iterations = v.Number("iterations");
        var stretched = Rfc2898DeriveBytes.Pbkdf2(v.Bytes("password"), v.Bytes("salt"), iterations, HashAlgorithmName.SHA256, 32);
        Assert.Equal(v.Bytes("pbkdf2"), stretched);
        Assert.Equal(v.Bytes("wrap-key"), Kdf.Hkdf(stretched, v.Bytes("pepper"), PasswordKeyWrap.HkdfInfo));
        Assert.Equal<byte[]>(v.Bytes("ad"), [PasswordKeyWrap.Version, .. LengthPrefixed(PasswordKeyWrap.Purpose), .. LengthPrefixed(BigEndian((uint)iterations)), .. LengthPrefixed(v.Bytes("salt"))]);

        var wrapped = PasswordKeyWrap.Wrap(v.Bytes("plaintext"), password, v.Bytes("pepper"), iterations, v.Bytes("salt"), v.Bytes("nonce"));

        Assert.Equal(v.Bytes("wrapped"), wrapped);
        Assert.Equal(v.Bytes("plaintext"), PasswordKeyWrap.Unwrap(wrapped, password, v.Bytes("pepper")));
    }

    private static void CheckBlindIndex(Vector v)
    {
        var value = CanonicalWriter.StrictUtf8.GetString(v.Bytes("value"));
        Assert.Equal<byte[]>(v.Bytes("message"), [.. LengthPrefixed(BlindIndex.Label), .. LengthPrefixed(v["domain"]), .. LengthPrefixed(v.Bytes("value"))]);
        Assert.Equal(v.Bytes("index"), HMACSHA256.HashData(v.Bytes("index-key"), v.Bytes("message")));

        Assert.Equal(v.Bytes("index"), BlindIndex.Compute(v.Bytes("index-key"), v["domain"], value));
    }

    private static void CheckNormalisation(Vector v, Func<string, string> normalise)
    {
        var output = normalise(CanonicalWriter.StrictUtf8.GetString(v.Bytes("input")));

        Assert.Equal(v.Bytes("output"), Encoding.UTF8.GetBytes(output));
        Assert.Equal(output, normalise(output));
    }

    private static void CheckReceipt(Vector v)
    {
        var receipt = Receipt.Parse(v["canonical"]).Receipt;
        Assert.NotNull(receipt);
        Assert.Equal(v["canonical"], receipt.Canonical);
        Assert.Equal(v["display"], receipt.Display);
        Assert.Equal(v["canonical"], Receipt.Parse(CanonicalWriter.StrictUtf8.GetString(v.Bytes("typed"))).Receipt?.Canonical);

        Assert.Equal(v.Bytes("lookup-hash"), receipt.LookupHash(v.Bytes("lookup-pepper")));
        Assert.Equal(v.Bytes("reporter-key"), receipt.DeriveReporterKey());
    }

    private static ECDiffieHellman ImportPrivate(byte[] scalar, byte[] point) => ECDiffieHellman.Create(new ECParameters
    {
        Curve = ECCurve.NamedCurves.nistP256,
        D = scalar,
        Q = new ECPoint { X = point[1..33], Y = point[33..] },
    });

    private static string DocumentFile()
    {
        // The test runs from bin/<configuration>/<framework>; the document lives beside ReportPortal.sln.
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ReportPortal.sln")))
            {
                return Path.Combine(folder.FullName, DocumentPath);
            }
        }

        throw new InvalidOperationException("ReportPortal.sln not found above " + AppContext.BaseDirectory);
    }

    private static Dictionary<string, Vector> LoadVectors()
    {
        var vectors = new Dictionary<string, Vector>(StringComparer.Ordinal);
        foreach (Match block in VectorBlock().Matches(File.ReadAllText(DocumentFile())))
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var line in block.Groups["body"].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var match = VectorLine().Match(line);
                if (!match.Success || !fields.TryAdd(match.Groups["key"].Value, match.Groups["value"].Value))
                {
                    throw new InvalidDataException($"Malformed or repeated vector line: {line}");
                }
            }

            var vector = new Vector(fields);
            if (vector["format"].StartsWith("service-", StringComparison.Ordinal))
            {
                // The service layer's vectors are checked by ReportPortal.Tests (ServiceFormatDocumentTests).
                continue;
            }

            if (!vectors.TryAdd(vector["name"], vector))
            {
                throw new InvalidDataException($"Vector name {vector["name"]} is used twice.");
            }
        }

        return vectors;
    }

    [GeneratedRegex(@"^```vector\n(?<body>.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex VectorBlock();

    [GeneratedRegex(@"^(?<key>[a-z0-9-]+):(?: (?<value>\S(?:.*\S)?))?$")]
    private static partial Regex VectorLine();

    private sealed class Vector(Dictionary<string, string> fields)
    {
        public string this[string key] => fields.TryGetValue(key, out var value)
            ? value
            : throw new KeyNotFoundException($"Vector {fields.GetValueOrDefault("name")} has no {key}.");

        public bool Has(string key) => fields.ContainsKey(key);

        public byte[] Bytes(string key) => Convert.FromHexString(this[key]);

        public int Number(string key) => int.Parse(this[key], System.Globalization.CultureInfo.InvariantCulture);

        public int[] Numbers(string key) => [.. this[key].Split(' ').Select(n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture))];

        public SealContext Context() => new(Guid.Parse(this["case-id"]), Guid.Parse(this["record-id"]), this["field"]);

        /// <summary>Compares the output itself or, where the document gives only its hash, the SHA-256.</summary>
        public void AssertOutput(string key, byte[] actual)
        {
            if (Has(key))
            {
                Assert.Equal(Bytes(key), actual);
            }
            else
            {
                Assert.Equal(this[key + "-sha256"], Convert.ToHexStringLower(SHA256.HashData(actual)));
            }
        }
    }
}
