using System.Security.Cryptography;
using static ReportPortal.Crypto.Tests.TestData;

namespace ReportPortal.Crypto.Tests;

public class BlindIndexTests
{
    private static readonly byte[] IndexKey = SequentialBytes(32, 0x11);

    [Fact]
    public void Compute_is_HMAC_SHA256_over_the_length_prefixed_label_domain_and_value()
    {
        var actual = BlindIndex.Compute(IndexKey, "subject-name", "zoe obriensmith");

        byte[] message = [.. LengthPrefixed("reportportal/blind-index/v1"), .. LengthPrefixed("subject-name"), .. LengthPrefixed("zoe obriensmith")];
        Assert.Equal(HMACSHA256.HashData(IndexKey, message), actual);
        Assert.Equal(Hex(BlindIndexKnownAnswer), actual);
    }

    [Fact]
    public void Equal_inputs_match_and_anything_else_does_not()
    {
        var reference = BlindIndex.Compute(IndexKey, "collar-number", "WM1234");

        Assert.Equal(reference, BlindIndex.Compute(IndexKey, "collar-number", "WM1234"));
        Assert.NotEqual(reference, BlindIndex.Compute(IndexKey, "collar-number", "WM1235"));
        Assert.NotEqual(reference, BlindIndex.Compute(IndexKey, "chat-group", "WM1234"));
        Assert.NotEqual(reference, BlindIndex.Compute(Flip(IndexKey, 7), "collar-number", "WM1234"));
    }

    [Fact]
    public void Domain_and_value_cannot_be_shifted_into_each_other()
    {
        Assert.NotEqual(BlindIndex.Compute(IndexKey, "ab", "c"), BlindIndex.Compute(IndexKey, "a", "bc"));
        Assert.NotEqual(BlindIndex.Compute(IndexKey, "a", string.Empty), BlindIndex.Compute(IndexKey, "a\0\0\0\0", string.Empty));
    }

    [Fact]
    public void Weak_keys_and_missing_domains_are_refused()
    {
        Assert.Throws<ArgumentException>(() => BlindIndex.Compute(new byte[15], "d", "v"));
        Assert.ThrowsAny<ArgumentException>(() => BlindIndex.Compute(IndexKey, string.Empty, "v"));
    }

    [Theory]
    [InlineData("  Zoë   O'Brien-Smith ", "zoe obriensmith")]
    [InlineData("ZOE OBRIENSMITH", "zoe obriensmith")]
    [InlineData("Zoe O’Brien–Smith", "zoe obriensmith")]
    [InlineData("Zoe O\u02BCBrien-Smith", "zoe obriensmith")]
    [InlineData("José  Álvarez", "jose alvarez")]
    [InlineData("Łukasz Żółć", "lukasz zolc")]
    [InlineData("Søren Kierkegaard", "soren kierkegaard")]
    [InlineData("Straße", "strasse")]
    [InlineData("Æthelred", "aethelred")]
    [InlineData("Nguyễn Văn An", "nguyen van an")]
    [InlineData("İlker Çelik", "ilker celik")]
    [InlineData("ﬁona\u00A0mac\tdonald\n", "fiona mac donald")]
    [InlineData("J. R. R. Tolkien", "j r r tolkien")]
    [InlineData("Smith & Sons (2)", "smith sons 2")]
    [InlineData("  ", "")]
    [InlineData("", "")]
    public void NormaliseName_folds_variants_together(string input, string expected)
    {
        Assert.Equal(expected, BlindIndex.NormaliseName(input));
    }

    [Fact]
    public void NormaliseName_is_idempotent_and_keeps_other_scripts()
    {
        foreach (var name in new[] { "Zoë O'Brien", "Иван Петров", "李小龍", "محمد علي", "Ólafur Ragnar" })
        {
            var once = BlindIndex.NormaliseName(name);
            Assert.Equal(once, BlindIndex.NormaliseName(once));
            Assert.NotEqual(string.Empty, once);
        }

        Assert.Equal("иван петров", BlindIndex.NormaliseName("ИВАН  ПЕТРОВ"));
    }

    [Theory]
    [InlineData(" wm-1234 ", "WM1234")]
    [InlineData("WM 1234", "WM1234")]
    [InlineData("w.m.1234", "WM1234")]
    [InlineData("WM–1234", "WM1234")]
    [InlineData("ＷＭ１２３４", "WM1234")]
    [InlineData("group_chat/42", "GROUP_CHAT/42")]
    [InlineData("", "")]
    public void NormaliseIdentifier_upper_cases_and_strips_separators(string input, string expected)
    {
        Assert.Equal(expected, BlindIndex.NormaliseIdentifier(input));
    }

    [Fact]
    public void Differently_typed_names_give_the_same_index()
    {
        var first = BlindIndex.Compute(IndexKey, "subject-name", BlindIndex.NormaliseName("Zoë O'Brien-Smith"));
        var second = BlindIndex.Compute(IndexKey, "subject-name", BlindIndex.NormaliseName("  ZOE  obrien–smith "));

        Assert.Equal(first, second);
        Assert.NotEqual(first, BlindIndex.Compute(IndexKey, "subject-name", BlindIndex.NormaliseName("Zoe O'Brian-Smith")));
    }

    private const string BlindIndexKnownAnswer = "3e10bce83f599c8a782dc039dcc0a67a84d792f54b21b21b35fe1a10bec36f04";
}
