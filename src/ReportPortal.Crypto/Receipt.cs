using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ReportPortal.Crypto;

/// <summary>
/// The reporter's only credential: 24 Crockford base32 symbols (120 random bits) and a check character
/// (see <see cref="CheckCharacter"/>). It must never be logged or stored; the server keeps only
/// <see cref="LookupHash"/>, and the reporter's key grant is wrapped under <see cref="DeriveReporterKey"/>.
/// </summary>
[DebuggerDisplay("Receipt(hidden)")]
public sealed class Receipt
{
    internal const int DataLength = 24;
    internal const int Length = DataLength + 1;
    internal const string ReporterKeySalt = "reportportal/receipt/reporter-key/salt/v1";
    internal const string ReporterKeyInfo = "reportportal/receipt/reporter-key/v1";

    private const int RandomBytes = 15;
    private const int SymbolsPerFiveBytes = 8;
    private const int GroupSize = 4;
    private const int DisplayLength = Length + (DataLength / GroupSize);

    private readonly string _canonical;

    private Receipt(string canonical) => _canonical = canonical;

    /// <summary>25 upper-case characters: the 24 data symbols, then the check character.</summary>
    public string Canonical => _canonical;

    /// <summary>Six groups of four data symbols, then the check character as a seventh group, joined by dashes.</summary>
    public string Display => string.Create(DisplayLength, _canonical, static (span, canonical) =>
    {
        var position = 0;
        for (var i = 0; i < DataLength; i += GroupSize)
        {
            canonical.AsSpan(i, GroupSize).CopyTo(span[position..]);
            position += GroupSize;
            span[position++] = '-';
        }

        span[position] = canonical[DataLength];
    });

    public static Receipt Generate()
    {
        Span<byte> random = stackalloc byte[RandomBytes];
        Span<char> canonical = stackalloc char[Length];
        RandomNumberGenerator.Fill(random);

        // Each 5 random bytes are 40 bits, exactly 8 symbols of 5 bits, so every symbol is uniform.
        for (var group = 0; group < RandomBytes / 5; group++)
        {
            ulong bits = 0;
            for (var i = 0; i < 5; i++)
            {
                bits = (bits << 8) | random[(group * 5) + i];
            }

            for (var i = 0; i < SymbolsPerFiveBytes; i++)
            {
                var value = (int)(bits >> (35 - (5 * i))) & 0x1F;
                canonical[(group * SymbolsPerFiveBytes) + i] = CrockfordBase32.Alphabet[value];
            }
        }

        canonical[DataLength] = CrockfordBase32.Alphabet[CheckCharacter.Compute(canonical[..DataLength])];
        var receipt = new Receipt(new string(canonical));
        CryptographicOperations.ZeroMemory(random);
        canonical.Clear();
        return receipt;
    }

    /// <summary>
    /// Case-insensitive; whitespace, dashes of any kind and invisible formatting characters are ignored;
    /// I and L read as 1, O as 0. Anything else outside the alphabet (U, punctuation) is refused.
    /// </summary>
    public static ReceiptParseResult Parse(string? input)
    {
        if (input is null)
        {
            return new ReceiptParseResult(null, ReceiptProblem.Empty);
        }

        Span<char> canonical = stackalloc char[Length];
        var count = 0;
        try
        {
            foreach (var c in input)
            {
                if (IsSeparator(c))
                {
                    continue;
                }

                var value = CrockfordBase32.ValueOf(c);
                if (value < 0)
                {
                    return new ReceiptParseResult(null, ReceiptProblem.InvalidCharacter);
                }

                if (count < Length)
                {
                    canonical[count] = CrockfordBase32.Alphabet[value];
                }

                count++;
            }

            if (count == 0)
            {
                return new ReceiptParseResult(null, ReceiptProblem.Empty);
            }

            if (count != Length)
            {
                return new ReceiptParseResult(null, ReceiptProblem.WrongLength);
            }

            if (CrockfordBase32.Alphabet[CheckCharacter.Compute(canonical[..DataLength])] != canonical[DataLength])
            {
                return new ReceiptParseResult(null, ReceiptProblem.CheckCharacterMismatch);
            }

            return new ReceiptParseResult(new Receipt(new string(canonical)), ReceiptProblem.None);
        }
        finally
        {
            canonical.Clear();
        }
    }

    /// <summary>HMAC-SHA256(lookupPepper, ASCII of <see cref="Canonical"/>): the only form in which a receipt is stored.</summary>
    public byte[] LookupHash(ReadOnlySpan<byte> lookupPepper)
    {
        KeyRules.RequireSecret(lookupPepper, nameof(lookupPepper));
        Span<byte> canonical = stackalloc byte[Length];
        try
        {
            Encoding.ASCII.GetBytes(_canonical, canonical);
            return HMACSHA256.HashData(lookupPepper, canonical);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(canonical);
        }
    }

    /// <summary>
    /// HKDF-SHA256(ikm = ASCII of <see cref="Canonical"/>, salt = "reportportal/receipt/reporter-key/salt/v1",
    /// info = "reportportal/receipt/reporter-key/v1", 32 bytes). The receipt already carries 120 random bits,
    /// so no stretching is needed; the labels keep this key apart from every other use of the receipt.
    /// </summary>
    public byte[] DeriveReporterKey()
    {
        Span<byte> canonical = stackalloc byte[Length];
        try
        {
            Encoding.ASCII.GetBytes(_canonical, canonical);
            return Kdf.Hkdf(canonical, Encoding.ASCII.GetBytes(ReporterKeySalt), ReporterKeyInfo);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(canonical);
        }
    }

    /// <summary>
    /// True if the 24 data symbols occur in <paramref name="text"/> in order, in any case, with look-alikes
    /// (I, L for 1; O for 0) and with any non-alphanumeric characters (spaces, dashes, line breaks,
    /// punctuation) between them. A letter or digit outside the alphabet breaks a run. Skipping more than
    /// Parse does errs towards refusing a message: a chance match of 120 random bits is out of reach.
    /// </summary>
    public bool AppearsIn(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var symbols = new char[text.Length];
        try
        {
            var count = ToSymbols(text, symbols);
            return symbols.AsSpan(0, count).IndexOf(_canonical.AsSpan(0, DataLength)) >= 0;
        }
        finally
        {
            Array.Clear(symbols);
        }
    }

    /// <summary>
    /// True if <paramref name="text"/> holds anything shaped like a receipt as it is shown and copied: six
    /// groups of four letters or digits then one, with or without spaces or dashes between the groups, whose
    /// last character is the check character of the 24 before it. (Any 25 letters across ordinary words
    /// would match far too much text.)
    /// Decided from the text alone, never by asking whether such a receipt exists, so a page that refuses to
    /// echo receipt-shaped text tells nobody which receipts are real.
    /// </summary>
    public static bool LooksLikeOneIn(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        foreach (System.Text.RegularExpressions.Match match in ReceiptShape.Matches(text))
        {
            if (Parse(match.Value).Success)
            {
                return true;
            }
        }

        return false;
    }

    private static readonly System.Text.RegularExpressions.Regex ReceiptShape = new(
        @"(?<![0-9A-Za-z])(?:[0-9A-Za-z]{4}[\s\-\u2010-\u2015]*){6}[0-9A-Za-z](?![0-9A-Za-z])",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant,
        TimeSpan.FromSeconds(1));

    /// <summary>
    /// True if <paramref name="text"/> holds the receipt from which <paramref name="reporterKey"/> was
    /// derived, written in any way the instance <see cref="AppearsIn(string?)"/> accepts.
    /// </summary>
    public static bool AppearsIn(string? text, byte[] reporterKey)
    {
        ArgumentNullException.ThrowIfNull(reporterKey);
        return AppearsIn(text, candidate =>
        {
            var derived = candidate.DeriveReporterKey();
            try
            {
                return CryptographicOperations.FixedTimeEquals(derived, reporterKey);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(derived);
            }
        });
    }

    /// <summary>
    /// True if <paramref name="text"/> holds a receipt that <paramref name="isTheReceipt"/> recognises,
    /// written in any way the instance <see cref="AppearsIn(string?)"/> accepts. A server keeps only
    /// hashes of the receipt, so every run of 24 symbols is completed with its check character and
    /// offered to the predicate (for example, compared by its lookup hash).
    /// </summary>
    public static bool AppearsIn(string? text, Func<Receipt, bool> isTheReceipt)
    {
        ArgumentNullException.ThrowIfNull(isTheReceipt);
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var symbols = new char[text.Length];
        var candidate = new char[Length];
        try
        {
            var count = ToSymbols(text, symbols);
            for (var start = 0; start + DataLength <= count; start++)
            {
                var data = symbols.AsSpan(start, DataLength);
                if (data.Contains('\0'))
                {
                    continue;
                }

                data.CopyTo(candidate);
                candidate[DataLength] = CrockfordBase32.Alphabet[CheckCharacter.Compute(data)];
                if (isTheReceipt(new Receipt(new string(candidate))))
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            Array.Clear(symbols);
            Array.Clear(candidate);
        }
    }

    /// <summary>
    /// The text's letters and digits as canonical symbols, separators dropped; a letter or digit outside
    /// the alphabet becomes '\0' so that it breaks any run. Returns how many were written.
    /// </summary>
    private static int ToSymbols(string text, char[] symbols)
    {
        var count = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (!Rune.IsLetterOrDigit(rune))
            {
                continue;
            }

            var value = rune.IsBmp ? CrockfordBase32.ValueOf((char)rune.Value) : -1;
            symbols[count++] = value < 0 ? '\0' : CrockfordBase32.Alphabet[value];
        }

        return count;
    }

    /// <summary>Never reveals the receipt, so it cannot leak through logging or string interpolation.</summary>
    public override string ToString() => "Receipt(hidden)";

    private static bool IsSeparator(char c) =>
        char.IsWhiteSpace(c)
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.DashPunctuation or UnicodeCategory.Format;
}
