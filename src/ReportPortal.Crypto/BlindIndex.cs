using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ReportPortal.Crypto;

/// <summary>
/// Keyed equality tokens, so reports about the same person or group can be linked without decrypting.
/// Values must be normalised first: the index only matches byte-for-byte equal inputs.
/// </summary>
public static class BlindIndex
{
    internal const string Label = "reportportal/blind-index/v1";

    /// <summary>
    /// HMAC-SHA256(indexKey, lp("reportportal/blind-index/v1") || lp(domain) || lp(normalisedValue)), strings as
    /// UTF-8. The domain (e.g. "subject-name", "collar-number") keeps equal values of different kinds apart.
    /// </summary>
    public static byte[] Compute(ReadOnlySpan<byte> indexKey, string domain, string normalisedValue)
    {
        KeyRules.RequireSecret(indexKey, nameof(indexKey));
        ArgumentException.ThrowIfNullOrEmpty(domain);
        ArgumentNullException.ThrowIfNull(normalisedValue);

        var size = CanonicalWriter.LengthPrefixedUtf8Size(Label)
            + CanonicalWriter.LengthPrefixedUtf8Size(domain)
            + CanonicalWriter.LengthPrefixedUtf8Size(normalisedValue);
        var message = new byte[size];
        try
        {
            var writer = new CanonicalWriter(message);
            writer.WriteLengthPrefixedUtf8(Label);
            writer.WriteLengthPrefixedUtf8(domain);
            writer.WriteLengthPrefixedUtf8(normalisedValue);
            return HMACSHA256.HashData(indexKey, message);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(message);
        }
    }

    /// <summary>
    /// Folds the ways one name gets typed into one form: compatibility forms unified, diacritics stripped
    /// (é to e, and letters Unicode does not decompose: ø, ł, đ, ß, æ, œ, þ), lower-cased invariantly,
    /// all punctuation and symbols removed (hyphens and apostrophes included, so O'Brien matches OBrien),
    /// whitespace trimmed and collapsed to single spaces.
    /// </summary>
    public static string NormaliseName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var decomposed = name.Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var rune in decomposed.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (!IsNameCharacter(rune))
            {
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            AppendFolded(builder, Rune.ToLowerInvariant(rune));
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>For collar numbers, platform group ids and the like: upper-cased, with spaces, dashes and dots removed.</summary>
    public static string NormaliseIdentifier(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var composed = value.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(composed.Length);
        foreach (var c in composed)
        {
            if (char.IsWhiteSpace(c)
                || c == '.'
                || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.DashPunctuation or UnicodeCategory.Format)
            {
                continue;
            }

            builder.Append(char.ToUpperInvariant(c));
        }

        return builder.ToString();
    }

    private static bool IsNameCharacter(Rune rune)
    {
        // Modifier-letter apostrophes (ʼ ʻ) are letters to Unicode but apostrophes to a reader.
        if (rune.Value is 0x02B9 or 0x02BB or 0x02BC or 0x02BD)
        {
            return false;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter
                or UnicodeCategory.LowercaseLetter
                or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter
                or UnicodeCategory.OtherLetter
                or UnicodeCategory.DecimalDigitNumber
                or UnicodeCategory.SpacingCombiningMark => true,
            _ => false,
        };
    }

    private static void AppendFolded(StringBuilder builder, Rune rune)
    {
        if (!rune.IsBmp)
        {
            builder.Append(rune.ToString());
            return;
        }

        var c = (char)rune.Value;
        switch (c)
        {
            case 'ß': builder.Append("ss"); break;
            case 'æ': builder.Append("ae"); break;
            case 'œ': builder.Append("oe"); break;
            case 'þ': builder.Append("th"); break;
            case 'ø': builder.Append('o'); break;
            case 'ł': builder.Append('l'); break;
            case 'đ' or 'ð': builder.Append('d'); break;
            case 'ħ': builder.Append('h'); break;
            case 'ı': builder.Append('i'); break;
            default: builder.Append(c); break;
        }
    }
}
