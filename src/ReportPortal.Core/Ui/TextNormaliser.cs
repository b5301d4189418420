using System.Globalization;
using System.Text;

namespace ReportPortal.Core.Ui;

/// <summary>
/// Cleans text a reporter typed before it is checked, shown back or sealed. Invisible characters are
/// removed because they can make text read differently to a handler than it was written (bidi
/// overrides reorder what is shown), hide content from searches, or smuggle words nobody can see.
/// Visible text is never changed, so quoted evidence stays as typed.
/// </summary>
public static class TextNormaliser
{
    private const int BlackFlag = 0x1F3F4;
    private const int CancelTag = 0xE007F;

    /// <summary>Multi-line text: line endings become "\n", tabs stay, the ends are trimmed.</summary>
    public static string Normalise(string? text) => Clean(text, singleLine: false);

    /// <summary>Text for a one-line field: any line break or tab (which no browser sends from one) becomes a space.</summary>
    public static string NormaliseLine(string? text) => Clean(text, singleLine: true);

    /// <summary><see cref="Normalise"/>, or null when nothing visible is left: a blank answer is no answer.</summary>
    public static string? NormaliseOrNull(string? text) => NullWhenEmpty(Normalise(text));

    /// <summary><see cref="NormaliseLine"/>, or null when nothing visible is left.</summary>
    public static string? NormaliseLineOrNull(string? text) => NullWhenEmpty(NormaliseLine(text));

    private static string? NullWhenEmpty(string text) => text.Length == 0 ? null : text;

    private static string Clean(string? text, bool singleLine)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var output = new StringBuilder(text.Length);
        var inFlagTags = false;
        var previousWasCarriageReturn = false;
        foreach (var rune in text.EnumerateRunes())
        {
            var value = rune.Value;
            var isLineBreak = value is '\n' or '\r' or 0x85 or 0x2028 or 0x2029;
            if (isLineBreak)
            {
                // "\r\n" is one line break, not two.
                var secondHalfOfPair = value == '\n' && previousWasCarriageReturn;
                previousWasCarriageReturn = value == '\r';
                inFlagTags = false;
                if (!secondHalfOfPair)
                {
                    output.Append(singleLine ? ' ' : '\n');
                }

                continue;
            }

            previousWasCarriageReturn = false;
            if (value == '\t')
            {
                output.Append(singleLine ? ' ' : '\t');
                continue;
            }

            if (IsTag(value))
            {
                // Tag characters are invisible; their one visible use is a subdivision flag such as
                // England's, a black flag followed by tags and a cancel tag. Anywhere else they hide text.
                if (inFlagTags)
                {
                    output.Append(rune.ToString());
                    inFlagTags = value != CancelTag;
                }

                continue;
            }

            inFlagTags = value == BlackFlag;
            if (IsInvisible(rune))
            {
                continue;
            }

            output.Append(rune.ToString());
        }

        return output.ToString().Trim();
    }

    private static bool IsTag(int value) => value is >= 0xE0000 and <= 0xE007F;

    private static bool IsInvisible(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control => true,
        // Format characters include the bidi controls (U+202A–202E, U+2066–2069, U+200E/F, U+061C),
        // zero-width space, word joiner, soft hyphen and the byte order mark. Zero-width joiner and
        // non-joiner stay: emoji sequences and several scripts need them to display correctly.
        UnicodeCategory.Format => rune.Value is not (0x200C or 0x200D),
        _ => false,
    };
}
