using ReportPortal.Core.Ui;

namespace ReportPortal.Tests.Components;

public sealed class TextNormaliserTests
{
    [Theory]
    [InlineData("one\r\ntwo", "one\ntwo")]
    [InlineData("one\rtwo", "one\ntwo")]
    [InlineData("one\r\r\ntwo", "one\n\ntwo")]
    [InlineData("one\u2028two\u2029three\u0085four", "one\ntwo\nthree\nfour")]
    [InlineData("keep\ttabs", "keep\ttabs")]
    public void Line_endings_become_newlines_and_tabs_stay(string typed, string expected) =>
        Assert.Equal(expected, TextNormaliser.Normalise(typed));

    [Theory]
    [InlineData("bell\u0007 null\u0000 escape\u001b[31m", "bell null escape[31m")]
    [InlineData("\u202Eevil\u202C text", "evil text")]
    [InlineData("\u2066isolated\u2069 \u200Emarks\u200F \u061Carabic", "isolated marks arabic")]
    [InlineData("zero\u200Bwidth\u2060joined\uFEFFbom\u00ADsoft", "zerowidthjoinedbomsoft")]
    [InlineData("hidden\U000E0041\U000E0042 tags", "hidden tags")]
    public void Control_bidi_and_invisible_formatting_characters_are_removed(string typed, string expected) =>
        Assert.Equal(expected, TextNormaliser.Normalise(typed));

    [Theory]
    [InlineData("👩\u200D🚒")]
    [InlineData("می\u200Cخواهم")]
    [InlineData("🏴\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F")]
    [InlineData("Ünïcödé «quotes» and emoji 👍🏽")]
    public void Visible_text_and_the_joiners_that_shape_it_are_kept(string typed) =>
        Assert.Equal(typed, TextNormaliser.Normalise(typed));

    [Fact]
    public void The_ends_are_trimmed_and_blank_text_is_no_answer()
    {
        Assert.Equal("middle", TextNormaliser.Normalise("  \n\tmiddle \r\n "));
        Assert.Equal(string.Empty, TextNormaliser.Normalise(null));
        Assert.Null(TextNormaliser.NormaliseOrNull(" \u200B\r\n "));
        Assert.Null(TextNormaliser.NormaliseLineOrNull(null));
        Assert.Equal("a", TextNormaliser.NormaliseOrNull("\u202Ea"));
    }

    [Fact]
    public void One_line_fields_turn_line_breaks_and_tabs_into_spaces()
    {
        Assert.Equal("Late Turn Lads", TextNormaliser.NormaliseLine("Late\r\nTurn\tLads"));
        Assert.Equal("Late Turn", TextNormaliser.NormaliseLineOrNull("\nLate\rTurn\n"));
    }
}
