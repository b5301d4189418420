using System.Security.Cryptography;
using static ReportPortal.Crypto.Tests.TestData;

namespace ReportPortal.Crypto.Tests;

public class GcmBlobTests
{
    private static readonly byte[] Key = SequentialBytes(32, 0x20);
    private static readonly byte[] Nonce = Hex("0c0d0e0f1011121314151617");
    private static readonly byte[] Header = [0x07, 0xAA, 0xBB];
    private static readonly byte[] Ad = [1, 2, 3];

    [Fact]
    public void Layout_is_header_nonce_ciphertext_tag()
    {
        var plaintext = SequentialBytes(40);

        var blob = GcmBlob.Seal(Key, Header, Nonce, plaintext, Ad);

        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        using (var aes = new AesGcm(Key, 16))
        {
            aes.Encrypt(Nonce, plaintext, ciphertext, tag, Ad);
        }

        Assert.Equal([.. Header, .. Nonce, .. ciphertext, .. tag], blob);
        Assert.Equal(plaintext, GcmBlob.Open(Key, blob, 0x07, Header.Length, Ad, "Blob"));
        Assert.Equal(Header, GcmBlob.ReadHeader(blob, 0x07, Header.Length, "Blob").ToArray());
    }

    [Fact]
    public void Empty_plaintext_round_trips()
    {
        var blob = GcmBlob.Seal(Key, Header, Nonce, [], Ad);

        Assert.Equal(Header.Length + 28, blob.Length);
        Assert.Empty(GcmBlob.Open(Key, blob, 0x07, Header.Length, Ad, "Blob"));
    }

    [Fact]
    public void Short_blobs_and_other_versions_are_refused_before_decrypting()
    {
        var blob = GcmBlob.Seal(Key, Header, Nonce, [9], Ad);

        var shortError = Assert.ThrowsAny<CryptographicException>(() => GcmBlob.ReadHeader(blob.AsSpan(0, Header.Length + 27), 0x07, Header.Length, "Blob"));
        var versionError = Assert.ThrowsAny<CryptographicException>(() => GcmBlob.Open(Key, blob, 0x08, Header.Length, Ad, "Blob"));

        Assert.Equal("Blob is too short.", shortError.Message);
        Assert.Equal("Blob has an unsupported version.", versionError.Message);
    }

    [Fact]
    public void Wrong_key_or_associated_data_is_rejected()
    {
        var blob = GcmBlob.Seal(Key, Header, Nonce, [9, 9], Ad);

        Assert.ThrowsAny<CryptographicException>(() => GcmBlob.Open(Flip(Key, 0), blob, 0x07, Header.Length, Ad, "Blob"));
        Assert.ThrowsAny<CryptographicException>(() => GcmBlob.Open(Key, blob, 0x07, Header.Length, [1, 2], "Blob"));
    }

    [Fact]
    public void Bad_key_and_nonce_sizes_are_refused()
    {
        Assert.Throws<ArgumentException>(() => GcmBlob.Seal(new byte[16], Header, Nonce, [1], Ad));
        Assert.Throws<ArgumentException>(() => GcmBlob.Seal(Key, Header, new byte[8], [1], Ad));
        Assert.Throws<ArgumentException>(() => GcmBlob.Open(new byte[24], new byte[64], 0x07, Header.Length, Ad, "Blob"));
    }
}
