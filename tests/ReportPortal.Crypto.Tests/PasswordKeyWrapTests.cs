using System.Security.Cryptography;
using System.Text;
using static ReportPortal.Crypto.Tests.TestData;

namespace ReportPortal.Crypto.Tests;

public class PasswordKeyWrapTests
{
    // Low enough to keep the suite fast; the public 600,000-iteration path is exercised once below.
    private const int FastIterations = 1000;
    private const string Password = "correct horse battery staple";

    private static readonly byte[] Pepper = SequentialBytes(32, 0x30);

    [Fact]
    public void Public_wrap_uses_600000_iterations_and_round_trips()
    {
        using var pair = KeyPair.Generate();
        var pkcs8 = pair.ExportPkcs8();

        var wrapped = PasswordKeyWrap.Wrap(pkcs8, Password, Pepper);

        Assert.Equal(600_000, PasswordKeyWrap.Iterations);
        Assert.Equal(0x01, wrapped[0]);
        Assert.Equal(BigEndian(600_000), wrapped[1..5]);
        Assert.Equal(1 + 4 + 16 + 12 + pkcs8.Length + 16, wrapped.Length);
        var unwrapped = PasswordKeyWrap.Unwrap(wrapped, Password, Pepper);
        Assert.Equal(pkcs8, unwrapped);
        using var restored = KeyPair.FromPkcs8(unwrapped);
        Assert.Equal(pair.PublicKeySpki, restored.PublicKeySpki);
    }

    [Fact]
    public void Round_trips_with_a_low_iteration_count()
    {
        var secret = RandomBytes(138);

        var wrapped = PasswordKeyWrap.Wrap(secret, Password, Pepper, FastIterations);

        Assert.Equal(BigEndian(FastIterations), wrapped[1..5]);
        Assert.Equal(secret, PasswordKeyWrap.Unwrap(wrapped, Password, Pepper));
    }

    [Fact]
    public void Key_derivation_follows_the_documented_construction()
    {
        var secret = RandomBytes(50);
        var wrapped = PasswordKeyWrap.Wrap(secret, "pässwörd", Pepper, FastIterations);

        // PBKDF2-SHA256 over the UTF-8 password, then HKDF-SHA256 with the pepper as salt.
        var salt = wrapped[5..21];
        var nonce = wrapped[21..33];
        var stretched = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes("pässwörd"), salt, FastIterations, HashAlgorithmName.SHA256, 32);
        var key = Hkdf(stretched, Pepper, Encoding.ASCII.GetBytes("reportportal/staff-key/password/hkdf-sha256/v1"), 32);
        byte[] ad = [0x01, .. LengthPrefixed("reportportal/staff-key/password"), .. LengthPrefixed(BigEndian(FastIterations)), .. LengthPrefixed(salt)];
        var plaintext = new byte[secret.Length];
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(nonce, wrapped[33..^16], wrapped[^16..], plaintext, ad);

        Assert.Equal(secret, plaintext);
    }

    [Fact]
    public void Salt_and_nonce_are_fresh_each_time()
    {
        var first = PasswordKeyWrap.Wrap([1, 2, 3], Password, Pepper, FastIterations);
        var second = PasswordKeyWrap.Wrap([1, 2, 3], Password, Pepper, FastIterations);

        Assert.NotEqual(first[5..21], second[5..21]);
        Assert.NotEqual(first[21..33], second[21..33]);
    }

    [Theory]
    [InlineData("correct horse battery stapl")]
    [InlineData("Correct horse battery staple")]
    [InlineData("correct horse battery staple ")]
    [InlineData("x")]
    public void Wrong_password_is_rejected(string wrongPassword)
    {
        var wrapped = PasswordKeyWrap.Wrap(RandomBytes(100), Password, Pepper, FastIterations);

        Assert.ThrowsAny<CryptographicException>(() => PasswordKeyWrap.Unwrap(wrapped, wrongPassword, Pepper));
    }

    [Fact]
    public void Wrong_pepper_is_rejected()
    {
        var wrapped = PasswordKeyWrap.Wrap(RandomBytes(100), Password, Pepper, FastIterations);

        Assert.ThrowsAny<CryptographicException>(() => PasswordKeyWrap.Unwrap(wrapped, Password, Flip(Pepper, 31)));
        Assert.ThrowsAny<CryptographicException>(() => PasswordKeyWrap.Unwrap(wrapped, Password, SequentialBytes(32, 0x31)));
    }

    [Fact]
    public void Every_flipped_byte_and_every_truncation_is_rejected()
    {
        var wrapped = PasswordKeyWrap.Wrap(RandomBytes(20), Password, Pepper, 10);

        for (var i = 0; i < wrapped.Length; i++)
        {
            // Flipping the top bit of the iteration count would ask for billions of rounds; the ceiling refuses it.
            var tampered = Flip(wrapped, i, i == 1 ? (byte)0x80 : (byte)0x01);
            Assert.ThrowsAny<CryptographicException>(() => PasswordKeyWrap.Unwrap(tampered, Password, Pepper));
        }

        for (var length = 0; length < wrapped.Length; length++)
        {
            var truncated = wrapped[..length];
            Assert.ThrowsAny<CryptographicException>(() => PasswordKeyWrap.Unwrap(truncated, Password, Pepper));
        }
    }

    [Fact]
    public void Iteration_counts_outside_the_allowed_range_are_refused_before_any_work()
    {
        var wrapped = PasswordKeyWrap.Wrap(RandomBytes(20), Password, Pepper, FastIterations);
        var huge = (byte[])wrapped.Clone();
        BigEndian(int.MaxValue).CopyTo(huge, 1);
        var zero = (byte[])wrapped.Clone();
        BigEndian(0).CopyTo(zero, 1);

        var e = Assert.ThrowsAny<CryptographicException>(() => PasswordKeyWrap.Unwrap(huge, Password, Pepper));
        Assert.Contains("iteration", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.ThrowsAny<CryptographicException>(() => PasswordKeyWrap.Unwrap(zero, Password, Pepper));
    }

    [Fact]
    public void Weak_inputs_are_refused()
    {
        Assert.ThrowsAny<ArgumentException>(() => PasswordKeyWrap.Wrap([1], string.Empty, Pepper, FastIterations));
        Assert.ThrowsAny<ArgumentException>(() => PasswordKeyWrap.Wrap([1], Password, new byte[15], FastIterations));
        Assert.ThrowsAny<ArgumentException>(() => PasswordKeyWrap.Wrap([1], Password, Pepper, 0));
        Assert.ThrowsAny<ArgumentException>(() => PasswordKeyWrap.Unwrap(new byte[60], Password, []));
    }
}
