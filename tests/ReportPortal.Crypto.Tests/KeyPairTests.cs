using System.Security.Cryptography;

namespace ReportPortal.Crypto.Tests;

public class KeyPairTests
{
    [Fact]
    public void Generate_makes_a_P256_key_with_a_SubjectPublicKeyInfo()
    {
        using var pair = KeyPair.Generate();

        using var imported = ECDiffieHellman.Create();
        imported.ImportSubjectPublicKeyInfo(pair.PublicKeySpki, out var read);
        Assert.Equal(pair.PublicKeySpki.Length, read);
        Assert.Equal("1.2.840.10045.3.1.7", imported.ExportParameters(false).Curve.Oid.Value);
        Assert.Equal(pair.PublicKeySpki, pair.PrivateKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void Generate_makes_different_keys()
    {
        using var first = KeyPair.Generate();
        using var second = KeyPair.Generate();

        Assert.NotEqual(first.PublicKeySpki, second.PublicKeySpki);
    }

    [Fact]
    public void Pkcs8_round_trip_keeps_the_key()
    {
        using var pair = KeyPair.Generate();

        using var restored = KeyPair.FromPkcs8(pair.ExportPkcs8());

        Assert.Equal(pair.PublicKeySpki, restored.PublicKeySpki);
        var wrapped = KeyWrap.WrapToPublicKey([1, 2, 3], pair.PublicKeySpki, []);
        Assert.Equal([1, 2, 3], KeyWrap.UnwrapWithPrivateKey(wrapped, restored.PrivateKey, []));
    }

    [Fact]
    public void Pem_round_trips_for_private_and_public_keys()
    {
        using var pair = KeyPair.Generate();

        var privatePem = pair.ExportPrivateKeyPem();
        var publicPem = pair.ExportPublicKeyPem();

        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", privatePem, StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", publicPem, StringComparison.Ordinal);
        using var restored = KeyPair.FromPem(privatePem);
        Assert.Equal(pair.PublicKeySpki, restored.PublicKeySpki);
        Assert.Equal(pair.PublicKeySpki, KeyPair.PublicKeyFromPem(publicPem));
    }

    [Fact]
    public void Pem_is_found_among_other_text_and_blocks()
    {
        using var pair = KeyPair.Generate();
        var bundle = "Escrow key, printed 2025-01-01\n" + pair.ExportPublicKeyPem() + "\n" + pair.ExportPrivateKeyPem() + "\nkeep offline\n";

        using var restored = KeyPair.FromPem(bundle);

        Assert.Equal(pair.PublicKeySpki, restored.PublicKeySpki);
        Assert.Equal(pair.PublicKeySpki, KeyPair.PublicKeyFromPem(bundle));
    }

    [Fact]
    public void Pem_with_the_wrong_label_is_refused()
    {
        using var pair = KeyPair.Generate();
        using var ecdh = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);

        Assert.ThrowsAny<CryptographicException>(() => KeyPair.FromPem(pair.ExportPublicKeyPem()));
        Assert.ThrowsAny<CryptographicException>(() => KeyPair.FromPem(ecdh.ExportECPrivateKeyPem()));
        Assert.ThrowsAny<CryptographicException>(() => KeyPair.FromPem(ecdh.ExportEncryptedPkcs8PrivateKeyPem("pw", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000))));
        Assert.ThrowsAny<CryptographicException>(() => KeyPair.PublicKeyFromPem(pair.ExportPrivateKeyPem()));
        Assert.ThrowsAny<CryptographicException>(() => KeyPair.FromPem("not a pem"));
        Assert.ThrowsAny<CryptographicException>(() => KeyPair.PublicKeyFromPem(string.Empty));
    }

    [Fact]
    public void Keys_on_other_curves_are_refused()
    {
        using var p384 = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP384);

        Assert.ThrowsAny<CryptographicException>(() => KeyPair.FromPkcs8(p384.ExportPkcs8PrivateKey()));
        Assert.ThrowsAny<CryptographicException>(() => KeyPair.FromPem(p384.ExportPkcs8PrivateKeyPem()));
        Assert.ThrowsAny<CryptographicException>(() => KeyPair.PublicKeyFromPem(p384.ExportSubjectPublicKeyInfoPem()));
    }

    [Fact]
    public void Malformed_pkcs8_is_refused()
    {
        using var pair = KeyPair.Generate();
        var pkcs8 = pair.ExportPkcs8();

        Assert.ThrowsAny<CryptographicException>(() => KeyPair.FromPkcs8([]));
        Assert.ThrowsAny<CryptographicException>(() => KeyPair.FromPkcs8(pkcs8.AsSpan(0, pkcs8.Length - 1)));
        Assert.ThrowsAny<CryptographicException>(() => KeyPair.FromPkcs8([.. pkcs8, 0]));
        Assert.ThrowsAny<CryptographicException>(() => KeyPair.FromPkcs8(new byte[100]));
    }

    [Fact]
    public void PublicKeySpki_hands_out_copies()
    {
        using var pair = KeyPair.Generate();
        var original = pair.PublicKeySpki;

        var copy = pair.PublicKeySpki;
        copy[^1] ^= 0xFF;

        Assert.Equal(original, pair.PublicKeySpki);
    }

    [Fact]
    public void Dispose_releases_the_private_key()
    {
        var pair = KeyPair.Generate();
        var key = pair.PrivateKey;

        pair.Dispose();
        pair.Dispose();

        Assert.Throws<ObjectDisposedException>(() => pair.PrivateKey);
        Assert.Throws<ObjectDisposedException>(() => pair.ExportPkcs8());
        Assert.Throws<ObjectDisposedException>(() => pair.ExportPrivateKeyPem());
        Assert.ThrowsAny<ObjectDisposedException>(() => key.ExportPkcs8PrivateKey());
    }
}
