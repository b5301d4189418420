using static ReportPortal.Crypto.Tests.TestData;

namespace ReportPortal.Crypto.Tests;

/// <summary>The hand-written reference code that other tests compare against must itself be right.</summary>
public class TestDataTests
{
    [Fact]
    public void Reference_HKDF_matches_RFC_5869_test_case_1()
    {
        var okm = Hkdf(
            Hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
            Hex("000102030405060708090a0b0c"),
            Hex("f0f1f2f3f4f5f6f7f8f9"),
            42);

        Assert.Equal(Hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"), okm);
    }

    [Fact]
    public void Encoding_helpers_write_big_endian_guids_and_length_prefixes()
    {
        Assert.Equal(Hex("0f1e2d3c4b5a69788796a5b4c3d2e1f0"), GuidBytes(CaseA));
        Assert.Equal(Hex("00000003616263"), LengthPrefixed("abc"));
        Assert.Equal(Hex("00000000"), LengthPrefixed(string.Empty));
    }
}
