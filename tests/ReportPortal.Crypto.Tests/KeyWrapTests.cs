using System.Security.Cryptography;
using System.Text;
using static ReportPortal.Crypto.Tests.TestData;

namespace ReportPortal.Crypto.Tests;

public class KeyWrapTests
{
    private static readonly byte[] CaseKeyBytes = SequentialBytes(32, 0xA0);
    private static readonly byte[] WrappingKey = SequentialBytes(32);
    private static readonly byte[] GrantAd = Encoding.UTF8.GetBytes("case:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
    private static readonly byte[] FixedNonce = Hex("000102030405060708090a0b");

    // Fixed P-256 scalars for the ECIES known answer; public points computed independently (pyca/cryptography).
    private static readonly byte[] RecipientD = Hex(RecipientDHex);
    private static readonly byte[] EphemeralD = Hex(EphemeralDHex);

    [Fact]
    public void WrapWithKey_round_trips()
    {
        var dek = CaseKey.Generate();
        var wrappingKey = CaseKey.Generate();

        var wrapped = KeyWrap.WrapWithKey(dek, wrappingKey, GrantAd);

        Assert.Equal(1 + 12 + 32 + 16, wrapped.Length);
        Assert.Equal(0x01, wrapped[0]);
        Assert.Equal(dek, KeyWrap.UnwrapWithKey(wrapped, wrappingKey, GrantAd));
        Assert.NotEqual(wrapped, KeyWrap.WrapWithKey(dek, wrappingKey, GrantAd));
    }

    [Fact]
    public void WrapWithKey_matches_known_answer_computed_from_the_documented_layout()
    {
        var actual = KeyWrap.WrapWithKey(CaseKeyBytes, WrappingKey, GrantAd, FixedNonce);

        byte[] ad = [0x01, .. LengthPrefixed("reportportal/grant/symmetric"), .. LengthPrefixed(GrantAd)];
        var ciphertext = new byte[32];
        var tag = new byte[16];
        using (var aes = new AesGcm(WrappingKey, 16))
        {
            aes.Encrypt(FixedNonce, CaseKeyBytes, ciphertext, tag, ad);
        }

        Assert.Equal([0x01, .. FixedNonce, .. ciphertext, .. tag], actual);
        Assert.Equal(Hex(SymmetricKnownAnswer), actual);
    }

    [Fact]
    public void WrapWithKey_rejects_wrong_key_wrong_ad_and_every_flipped_byte_or_truncation()
    {
        var wrapped = KeyWrap.WrapWithKey(CaseKeyBytes, WrappingKey, GrantAd);

        Assert.ThrowsAny<CryptographicException>(() => KeyWrap.UnwrapWithKey(wrapped, CaseKey.Generate(), GrantAd));
        Assert.ThrowsAny<CryptographicException>(() => KeyWrap.UnwrapWithKey(wrapped, WrappingKey, Encoding.UTF8.GetBytes("case:other")));
        Assert.ThrowsAny<CryptographicException>(() => KeyWrap.UnwrapWithKey(wrapped, WrappingKey, []));
        for (var i = 0; i < wrapped.Length; i++)
        {
            var tampered = Flip(wrapped, i);
            Assert.ThrowsAny<CryptographicException>(() => KeyWrap.UnwrapWithKey(tampered, WrappingKey, GrantAd));
        }

        for (var length = 0; length < wrapped.Length; length++)
        {
            var truncated = wrapped[..length];
            Assert.ThrowsAny<CryptographicException>(() => KeyWrap.UnwrapWithKey(truncated, WrappingKey, GrantAd));
        }
    }

    [Fact]
    public void WrapWithKey_binds_the_grant_label_into_the_associated_data()
    {
        // The symmetric AD must carry the "grant" label: the same key, nonce and caller AD sealed by
        // Sealer-style or label-free AES-GCM must not unwrap.
        var ciphertext = new byte[32];
        var tag = new byte[16];
        using (var aes = new AesGcm(WrappingKey, 16))
        {
            aes.Encrypt(FixedNonce, CaseKeyBytes, ciphertext, tag, GrantAd);
        }

        byte[] unlabelled = [0x01, .. FixedNonce, .. ciphertext, .. tag];
        Assert.ThrowsAny<CryptographicException>(() => KeyWrap.UnwrapWithKey(unlabelled, WrappingKey, GrantAd));
    }

    [Fact]
    public void WrapToPublicKey_round_trips_with_the_matching_private_key()
    {
        using var recipient = KeyPair.Generate();
        var dek = CaseKey.Generate();

        var wrapped = KeyWrap.WrapToPublicKey(dek, recipient.PublicKeySpki, GrantAd);

        Assert.Equal(1 + 65 + 12 + 32 + 16, wrapped.Length);
        Assert.Equal(0x01, wrapped[0]);
        Assert.Equal(0x04, wrapped[1]);
        Assert.Equal(dek, KeyWrap.UnwrapWithPrivateKey(wrapped, recipient.PrivateKey, GrantAd));
    }

    [Fact]
    public void WrapToPublicKey_uses_a_fresh_ephemeral_key_each_time()
    {
        using var recipient = KeyPair.Generate();

        var first = KeyWrap.WrapToPublicKey(CaseKeyBytes, recipient.PublicKeySpki, GrantAd);
        var second = KeyWrap.WrapToPublicKey(CaseKeyBytes, recipient.PublicKeySpki, GrantAd);

        Assert.NotEqual(first.AsSpan(1, 65).ToArray(), second.AsSpan(1, 65).ToArray());
    }

    [Fact]
    public void WrapToPublicKey_matches_known_answer_computed_from_the_documented_layout()
    {
        using var recipient = ImportScalar(RecipientD, RecipientQHex);
        using var ephemeral = ImportScalar(EphemeralD, EphemeralQHex);
        var recipientSpki = recipient.ExportSubjectPublicKeyInfo();

        var actual = KeyWrap.WrapToPublicKey(CaseKeyBytes, recipientSpki, GrantAd, ephemeral, FixedNonce);

        // Recomputed step by step: ECDH x-coordinate -> HKDF (salt = both points) -> AES-256-GCM.
        var ephemeralPoint = Hex("04" + EphemeralQHex);
        var recipientPoint = Hex("04" + RecipientQHex);
        byte[] shared;
        using (var recipientPublic = recipient.PublicKey)
        {
            shared = ephemeral.DeriveRawSecretAgreement(recipientPublic);
        }

        Assert.Equal(Hex(SharedSecretHex), shared);
        var wrapKey = Hkdf(shared, [.. ephemeralPoint, .. recipientPoint], Encoding.ASCII.GetBytes("reportportal/grant/ecies/hkdf-sha256/v1"), 32);
        byte[] ad = [0x01, .. LengthPrefixed("reportportal/grant/ecies"), .. LengthPrefixed(GrantAd)];
        var ciphertext = new byte[32];
        var tag = new byte[16];
        using (var aes = new AesGcm(wrapKey, 16))
        {
            aes.Encrypt(FixedNonce, CaseKeyBytes, ciphertext, tag, ad);
        }

        Assert.Equal([0x01, .. ephemeralPoint, .. FixedNonce, .. ciphertext, .. tag], actual);
        Assert.Equal(Hex(EciesKnownAnswer), actual);
        Assert.Equal(CaseKeyBytes, KeyWrap.UnwrapWithPrivateKey(actual, recipient, GrantAd));
    }

    [Fact]
    public void WrapToPublicKey_cannot_be_opened_with_another_private_key()
    {
        using var recipient = KeyPair.Generate();
        using var someoneElse = KeyPair.Generate();

        var wrapped = KeyWrap.WrapToPublicKey(CaseKeyBytes, recipient.PublicKeySpki, GrantAd);

        Assert.ThrowsAny<CryptographicException>(() => KeyWrap.UnwrapWithPrivateKey(wrapped, someoneElse.PrivateKey, GrantAd));
    }

    [Fact]
    public void WrapToPublicKey_rejects_wrong_associated_data()
    {
        using var recipient = KeyPair.Generate();

        var wrapped = KeyWrap.WrapToPublicKey(CaseKeyBytes, recipient.PublicKeySpki, GrantAd);

        Assert.ThrowsAny<CryptographicException>(() => KeyWrap.UnwrapWithPrivateKey(wrapped, recipient.PrivateKey, Encoding.UTF8.GetBytes("case:other")));
        Assert.ThrowsAny<CryptographicException>(() => KeyWrap.UnwrapWithPrivateKey(wrapped, recipient.PrivateKey, []));
    }

    [Fact]
    public void Every_tampered_byte_of_the_ephemeral_point_is_rejected()
    {
        using var recipient = KeyPair.Generate();
        var wrapped = KeyWrap.WrapToPublicKey(CaseKeyBytes, recipient.PublicKeySpki, GrantAd);

        for (var i = 1; i <= 65; i++)
        {
            foreach (var mask in new byte[] { 0x01, 0x80 })
            {
                var tampered = Flip(wrapped, i, mask);
                Assert.ThrowsAny<CryptographicException>(() => KeyWrap.UnwrapWithPrivateKey(tampered, recipient.PrivateKey, GrantAd));
            }
        }
    }

    [Fact]
    public void Replacing_the_ephemeral_point_with_another_valid_point_is_rejected()
    {
        using var recipient = KeyPair.Generate();
        using var other = KeyPair.Generate();
        var wrapped = KeyWrap.WrapToPublicKey(CaseKeyBytes, recipient.PublicKeySpki, GrantAd);
        var otherPoint = KeyWrap.WrapToPublicKey(CaseKeyBytes, other.PublicKeySpki, GrantAd).AsSpan(1, 65);

        var tampered = (byte[])wrapped.Clone();
        otherPoint.CopyTo(tampered.AsSpan(1));

        Assert.ThrowsAny<CryptographicException>(() => KeyWrap.UnwrapWithPrivateKey(tampered, recipient.PrivateKey, GrantAd));
    }

    [Fact]
    public void Every_other_flipped_byte_and_every_truncation_is_rejected()
    {
        using var recipient = KeyPair.Generate();
        var wrapped = KeyWrap.WrapToPublicKey(CaseKeyBytes, recipient.PublicKeySpki, GrantAd);

        foreach (var i in Enumerable.Range(0, wrapped.Length).Where(i => i is 0 or > 65))
        {
            var tampered = Flip(wrapped, i);
            Assert.ThrowsAny<CryptographicException>(() => KeyWrap.UnwrapWithPrivateKey(tampered, recipient.PrivateKey, GrantAd));
        }

        for (var length = 0; length < wrapped.Length; length++)
        {
            var truncated = wrapped[..length];
            Assert.ThrowsAny<CryptographicException>(() => KeyWrap.UnwrapWithPrivateKey(truncated, recipient.PrivateKey, GrantAd));
        }
    }

    [Fact]
    public void Keys_on_other_curves_are_refused()
    {
        using var p384 = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP384);

        Assert.ThrowsAny<CryptographicException>(() => KeyWrap.WrapToPublicKey(CaseKeyBytes, p384.ExportSubjectPublicKeyInfo(), GrantAd));
        using var recipient = KeyPair.Generate();
        var wrapped = KeyWrap.WrapToPublicKey(CaseKeyBytes, recipient.PublicKeySpki, GrantAd);
        Assert.ThrowsAny<CryptographicException>(() => KeyWrap.UnwrapWithPrivateKey(wrapped, p384, GrantAd));
    }

    [Fact]
    public void Malformed_public_keys_are_refused()
    {
        using var recipient = KeyPair.Generate();
        var spki = recipient.PublicKeySpki;

        Assert.ThrowsAny<CryptographicException>(() => KeyWrap.WrapToPublicKey(CaseKeyBytes, [], GrantAd));
        Assert.ThrowsAny<CryptographicException>(() => KeyWrap.WrapToPublicKey(CaseKeyBytes, spki.AsSpan(0, spki.Length - 1), GrantAd));
        Assert.ThrowsAny<CryptographicException>(() => KeyWrap.WrapToPublicKey(CaseKeyBytes, [.. spki, 0], GrantAd));
        Assert.ThrowsAny<CryptographicException>(() => KeyWrap.WrapToPublicKey(CaseKeyBytes, Flip(spki, spki.Length - 1), GrantAd));
    }

    private static ECDiffieHellman ImportScalar(byte[] d, string qHex)
    {
        var q = Hex(qHex);
        return ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = d,
            Q = new ECPoint { X = q[..32], Y = q[32..] },
        });
    }

    private const string RecipientDHex = "b2fc7d032c795f4f8bb977e86744efb2cf208051b80c78d065f7b248399ecfd4";
    private const string EphemeralDHex = "1fd2d5609eafb7a761617706a3754fb9189eac4a38ca3b6f7b337e4eef077d79";
    private const string RecipientQHex = "22050a680bd7a17246b917b0a67922ca0fed2dc5fd7b40192257b94d032b3f294a6b18a0fa6ac5538742904f8f09910198eda0464b293a718eaa3286a264a46b";
    private const string EphemeralQHex = "7f45982f81ae88837763a9ccb9a7932bf650421438b235963c75e4e7fa2b33abb177e1292eb43123faeac74d736e029d0b193477f02af000f73324ae80f064fc";
    private const string SharedSecretHex = "eb36d1b01bcd717b4eed76796053377e23b1360c0e5fedf3ac8737cf17d1c573";
    private const string SymmetricKnownAnswer = "01000102030405060708090a0be7a374b8614064bc25e83d201d44d6c23367358744cee9cb80de5f3ea1d4be0d433f0b9c0fe3e99cbaaf4018c9f150c9";
    private const string EciesKnownAnswer = "01047f45982f81ae88837763a9ccb9a7932bf650421438b235963c75e4e7fa2b33abb177e1292eb43123faeac74d736e029d0b193477f02af000f73324ae80f064fc000102030405060708090a0b620ffe18185c87747685f0dc98b020f3a26de7a07b460e513ce124693ae8dda8683f4ed48fe342576f0c6ecd7aa32640";
}
