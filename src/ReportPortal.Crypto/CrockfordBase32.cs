namespace ReportPortal.Crypto;

internal static class CrockfordBase32
{
    internal const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private const int FullwidthOffset = 0xFEE0;

    private static readonly sbyte[] AsciiValues = BuildAsciiValues();

    /// <summary>
    /// Symbol value 0..31, or -1. Case-insensitive; I and L read as 1 and O as 0, as Crockford specifies,
    /// because people copy receipts by hand. Fullwidth forms (some phone keyboards) read as their ASCII twins.
    /// U stays invalid: Crockford reserves it.
    /// </summary>
    internal static int ValueOf(char c)
    {
        if (c is >= '\uFF01' and <= '\uFF5E')
        {
            c = (char)(c - FullwidthOffset);
        }

        return c < AsciiValues.Length ? AsciiValues[c] : -1;
    }

    private static sbyte[] BuildAsciiValues()
    {
        var values = new sbyte[128];
        Array.Fill(values, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            values[Alphabet[i]] = (sbyte)i;
            values[char.ToLowerInvariant(Alphabet[i])] = (sbyte)i;
        }

        values['I'] = values['i'] = values['L'] = values['l'] = 1;
        values['O'] = values['o'] = 0;
        return values;
    }
}
