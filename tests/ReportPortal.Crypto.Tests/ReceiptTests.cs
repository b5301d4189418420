using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using static ReportPortal.Crypto.Tests.TestData;

namespace ReportPortal.Crypto.Tests;

public partial class ReceiptTests
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    // A fixed receipt for known answers; its check character was computed independently (Python).
    private const string KnownData = "7Q3MZ8K4TRWX2B6N9DHJ5PCV";
    private const string KnownCanonical = KnownData + KnownCheck;

    private static readonly byte[] LookupPepper = SequentialBytes(32, 0x70);

    [Fact]
    public void Generate_gives_25_canonical_characters_from_the_Crockford_alphabet()
    {
        for (var i = 0; i < 1000; i++)
        {
            var receipt = Receipt.Generate();

            Assert.Equal(25, receipt.Canonical.Length);
            Assert.All(receipt.Canonical, c => Assert.Contains(c, Alphabet));
            Assert.Equal(ReferenceCheck(receipt.Canonical[..24]), receipt.Canonical[24]);
        }
    }

    [Fact]
    public void Generate_does_not_repeat()
    {
        var canonicals = Enumerable.Range(0, 10_000).Select(_ => Receipt.Generate().Canonical).ToList();

        Assert.Equal(canonicals.Count, canonicals.Distinct().Count());
    }

    [Fact]
    public void Display_is_six_groups_of_four_then_the_check_character()
    {
        var receipt = Parse(KnownCanonical);

        Assert.Equal("7Q3M-Z8K4-TRWX-2B6N-9DHJ-5PCV-" + KnownCheck, receipt.Display);
        for (var i = 0; i < 100; i++)
        {
            var generated = Receipt.Generate();
            Assert.Matches(DisplayPattern(), generated.Display);
            Assert.Equal(generated.Canonical, generated.Display.Replace("-", string.Empty, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Check_character_known_answers()
    {
        Assert.Equal("0000000000000000000000000", Parse("0000000000000000000000000").Canonical);

        // Only the last data symbol is 1; its weight is alpha, which is the symbol 2.
        Assert.Equal("0000000000000000000000012", Parse("000000000000000000000001" + "2").Canonical);
        Assert.Equal(KnownCanonical, Parse(KnownCanonical).Canonical);
        Assert.Equal(KnownCheck[0], ReferenceCheck(KnownData));
    }

    [Fact]
    public void Check_character_matches_an_independent_polynomial_computation()
    {
        for (var i = 0; i < 1000; i++)
        {
            var receipt = Receipt.Generate();
            Assert.Equal(ReferenceCheck(receipt.Canonical[..24]), receipt.Canonical[24]);
        }
    }

    public static TheoryData<string> AcceptedForms() =>
    [
        KnownCanonical.ToLowerInvariant(),
        "7Q3M-Z8K4-TRWX-2B6N-9DHJ-5PCV-" + KnownCheck,
        "7q3m z8k4 trwx 2b6n 9dhj 5pcv " + KnownCheck,
        "  7Q3MZ8K4\tTRWX2B6N\n9DHJ5PCV\r\n" + KnownCheck + "  ",
        "7Q3M\u2013Z8K4\u2014TRWX\u00A02B6N\u200B9DHJ\u20115PCV-" + KnownCheck,
        string.Join(" - ", KnownCanonical.ToCharArray()),
        "７Ｑ３ＭＺ８Ｋ４ＴＲＷＸ２Ｂ６Ｎ９ＤＨＪ５ＰＣＶ" + KnownCheck,
    ];

    [Theory]
    [MemberData(nameof(AcceptedForms))]
    public void Parse_accepts_case_spacing_and_dash_variations(string input)
    {
        var result = Receipt.Parse(input);

        Assert.True(result.Success);
        Assert.Equal(ReceiptProblem.None, result.Problem);
        Assert.Equal(KnownCanonical, result.Receipt!.Canonical);
    }

    [Fact]
    public void Parse_reads_I_and_L_as_one_and_O_as_zero()
    {
        var receipt = ReceiptEndingInOne("10101010" + "01100110" + "1101001");
        Assert.Equal('1', receipt.Canonical[24]);
        var ones = "ILil";
        var zeros = "Oo";
        var lookalike = new string(receipt.Canonical.Select((c, i) => c switch
        {
            '1' => ones[i % ones.Length],
            '0' => zeros[i % zeros.Length],
            _ => c,
        }).ToArray());
        Assert.DoesNotContain('1', lookalike);
        Assert.DoesNotContain('0', lookalike);

        var result = Receipt.Parse(lookalike);

        Assert.True(result.Success);
        Assert.Equal(receipt.Canonical, result.Receipt!.Canonical);
    }

    [Theory]
    [InlineData(null, ReceiptProblem.Empty)]
    [InlineData("", ReceiptProblem.Empty)]
    [InlineData("   \t\n", ReceiptProblem.Empty)]
    [InlineData("- - -", ReceiptProblem.Empty)]
    [InlineData("7Q3MZ8K4TRWX2B6N9DHJ5PCV", ReceiptProblem.WrongLength)]
    [InlineData("7Q3MZ8K4TRWX2B6N9DHJ5PC", ReceiptProblem.WrongLength)]
    [InlineData("7Q3MZ8K4TRWX2B6N9DHJ5PCVXX", ReceiptProblem.WrongLength)]
    [InlineData("A", ReceiptProblem.WrongLength)]
    [InlineData("7Q3MZ8K4TRWX2B6N9DHJ5PCU" + KnownCheck, ReceiptProblem.InvalidCharacter)]
    [InlineData("u", ReceiptProblem.InvalidCharacter)]
    [InlineData("7Q3M.Z8K4.TRWX.2B6N.9DHJ.5PCV." + KnownCheck, ReceiptProblem.InvalidCharacter)]
    [InlineData("7Q3M_Z8K4_TRWX_2B6N_9DHJ_5PCV_" + KnownCheck, ReceiptProblem.InvalidCharacter)]
    [InlineData("7Q3MZ8K4TRWX2B6N9DHJ5PCV!", ReceiptProblem.InvalidCharacter)]
    [InlineData("7Q3MZ8K4TRWX2B6N9DHJ5PCV/" + KnownCheck, ReceiptProblem.InvalidCharacter)]
    [InlineData("7Q3MZ8K4TRWX2B6N9DHJ5PCÉ" + KnownCheck, ReceiptProblem.InvalidCharacter)]
    [InlineData("7Q3MZ8K4TRWX2B6N9DHJ5PCV*", ReceiptProblem.InvalidCharacter)]
    public void Parse_reports_what_is_wrong(string? input, ReceiptProblem expected)
    {
        var result = Receipt.Parse(input);

        Assert.False(result.Success);
        Assert.Null(result.Receipt);
        Assert.Equal(expected, result.Problem);
    }

    [Fact]
    public void Parse_reports_a_wrong_check_character()
    {
        var wrongCheck = Alphabet.First(c => c != KnownCheck[0]);

        var result = Receipt.Parse(KnownData + wrongCheck);

        Assert.Equal(ReceiptProblem.CheckCharacterMismatch, result.Problem);
        Assert.Null(result.Receipt);
    }

    [Fact]
    public void Every_single_character_substitution_is_detected()
    {
        var checkedCount = 0;
        for (var r = 0; r < 200; r++)
        {
            var canonical = Receipt.Generate().Canonical.ToCharArray();
            for (var position = 0; position < 25; position++)
            {
                var original = canonical[position];
                foreach (var replacement in Alphabet.Where(c => c != original))
                {
                    canonical[position] = replacement;
                    Assert.Equal(ReceiptProblem.CheckCharacterMismatch, Receipt.Parse(new string(canonical)).Problem);
                    checkedCount++;
                }

                canonical[position] = original;
            }
        }

        Assert.Equal(200 * 25 * 31, checkedCount);
    }

    [Fact]
    public void Every_adjacent_transposition_is_detected()
    {
        var checkedCount = 0;
        for (var r = 0; r < 200; r++)
        {
            var canonical = Receipt.Generate().Canonical;

            // Position 23 swaps the last data character with the check character.
            for (var i = 0; i < 24; i++)
            {
                if (canonical[i] == canonical[i + 1])
                {
                    continue;
                }

                Assert.Equal(ReceiptProblem.CheckCharacterMismatch, Receipt.Parse(Swap(canonical, i, i + 1)).Problem);
                checkedCount++;
            }
        }

        Assert.True(checkedCount > 200 * 20, "too few distinct adjacent pairs to be a real test");
    }

    [Fact]
    public void Every_transposition_at_any_distance_is_detected()
    {
        for (var r = 0; r < 200; r++)
        {
            var canonical = Receipt.Generate().Canonical;
            for (var i = 0; i < 25; i++)
            {
                for (var j = i + 1; j < 25; j++)
                {
                    if (canonical[i] != canonical[j])
                    {
                        Assert.Equal(ReceiptProblem.CheckCharacterMismatch, Receipt.Parse(Swap(canonical, i, j)).Problem);
                    }
                }
            }
        }
    }

    [Fact]
    public void Data_characters_are_uniformly_distributed()
    {
        const int receipts = 20_000;
        var counts = new long[24, 32];
        for (var r = 0; r < receipts; r++)
        {
            var canonical = Receipt.Generate().Canonical;
            for (var i = 0; i < 24; i++)
            {
                counts[i, Alphabet.IndexOf(canonical[i], StringComparison.Ordinal)]++;
            }
        }

        // Chi-square with 31 degrees of freedom: P(X > 100) = 3.5e-9. One test over all positions plus one
        // per position (24 of them) gives a false-failure chance below 1e-7, while a bias such as a symbol
        // never appearing, or a position drawing from only half the alphabet, pushes X into the thousands.
        const double threshold = 100;
        var totals = new long[32];
        for (var i = 0; i < 24; i++)
        {
            var perPosition = new long[32];
            for (var s = 0; s < 32; s++)
            {
                perPosition[s] = counts[i, s];
                totals[s] += counts[i, s];
            }

            Assert.InRange(ChiSquare(perPosition), 0, threshold);
        }

        Assert.InRange(ChiSquare(totals), 0, threshold);
    }

    [Fact]
    public void ToString_never_reveals_the_receipt()
    {
        var receipt = Receipt.Generate();
        var result = Receipt.Parse(receipt.Display);

        Assert.Equal("Receipt(hidden)", receipt.ToString());
        Assert.Equal("Receipt(hidden)", $"{receipt}");
        Assert.DoesNotContain(receipt.Canonical, result.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(receipt.Canonical[..4], result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void LookupHash_is_HMAC_SHA256_of_the_canonical_form()
    {
        var receipt = Parse(KnownCanonical);

        var hash = receipt.LookupHash(LookupPepper);

        Assert.Equal(HMACSHA256.HashData(LookupPepper, Encoding.ASCII.GetBytes(KnownCanonical)), hash);
        Assert.Equal(Hex(LookupHashKnownAnswer), hash);
    }

    [Fact]
    public void LookupHash_is_the_same_however_the_receipt_was_typed_and_depends_on_the_pepper()
    {
        var typed = Receipt.Parse("7q3m-z8k4-trwx-2b6n-9dhj-5pcv-" + KnownCheck.ToLowerInvariant()).Receipt!;
        var canonical = Parse(KnownCanonical);

        Assert.Equal(canonical.LookupHash(LookupPepper), typed.LookupHash(LookupPepper));
        Assert.NotEqual(canonical.LookupHash(LookupPepper), canonical.LookupHash(Flip(LookupPepper, 0)));
        Assert.NotEqual(canonical.LookupHash(LookupPepper), Receipt.Generate().LookupHash(LookupPepper));
        Assert.Throws<ArgumentException>(() => canonical.LookupHash(new byte[8]));
    }

    [Fact]
    public void DeriveReporterKey_is_HKDF_SHA256_with_fixed_labels()
    {
        var receipt = Parse(KnownCanonical);

        var key = receipt.DeriveReporterKey();

        var expected = Hkdf(
            Encoding.ASCII.GetBytes(KnownCanonical),
            Encoding.ASCII.GetBytes("reportportal/receipt/reporter-key/salt/v1"),
            Encoding.ASCII.GetBytes("reportportal/receipt/reporter-key/v1"),
            32);
        Assert.Equal(expected, key);
        Assert.Equal(Hex(ReporterKeyKnownAnswer), key);
    }

    [Fact]
    public void DeriveReporterKey_unwraps_a_grant_and_differs_between_receipts()
    {
        var receipt = Receipt.Generate();
        var dek = CaseKey.Generate();
        var grant = KeyWrap.WrapWithKey(dek, receipt.DeriveReporterKey(), []);

        var retyped = Receipt.Parse(receipt.Display.ToLowerInvariant()).Receipt!;

        Assert.Equal(dek, KeyWrap.UnwrapWithKey(grant, retyped.DeriveReporterKey(), []));
        Assert.ThrowsAny<CryptographicException>(() => KeyWrap.UnwrapWithKey(grant, Receipt.Generate().DeriveReporterKey(), []));
    }

    public static TheoryData<string> TextsContainingTheReceipt() =>
    [
        "my receipt is " + KnownCanonical + " please help",
        "my receipt is " + KnownData,
        "see 7Q3M-Z8K4-TRWX-2B6N-9DHJ-5PCV-" + KnownCheck + ".",
        "lower: 7q3m-z8k4-trwx-2b6n-9dhj-5pcv, thanks",
        "spaced 7 Q 3 M Z 8 K 4 T R W X 2 B 6 N 9 D H J 5 P C V end",
        "split over lines:\n7Q3M Z8K4 TRWX\n> 2B6N 9DHJ 5PCV",
        "prefix-glued:XX7Q3MZ8K4TRWX2B6N9DHJ5PCVYY",
        "ABC7Q3MZ8K4TRWX2B6N9DHJ5PCV",
        "fullwidth ７Ｑ３ＭＺ８Ｋ４ＴＲＷＸ２Ｂ６Ｎ９ＤＨＪ５ＰＣＶ",
        "zero\u200Bwidth 7Q3M\u200BZ8K4\u200BTRWX\u200B2B6N\u200B9DHJ\u200B5PCV",
    ];

    [Theory]
    [MemberData(nameof(TextsContainingTheReceipt))]
    public void AppearsIn_finds_the_receipt_inside_text(string text)
    {
        Assert.True(Parse(KnownCanonical).AppearsIn(text));
    }

    [Fact]
    public void AppearsIn_sees_through_lookalike_substitutions()
    {
        var receipt = ReceiptEndingInOne("10101010" + "01100110" + "1101001");
        var data = receipt.Canonical[..24];
        var disguised = data.Replace('1', 'l').Replace('0', 'O');

        Assert.True(receipt.AppearsIn("here it is: " + disguised));
        Assert.True(receipt.AppearsIn("here it is: " + data.Replace('1', 'I').Replace('0', 'o')));
    }

    [Fact]
    public void AppearsIn_does_not_match_near_misses()
    {
        var receipt = Parse(KnownCanonical);

        Assert.False(receipt.AppearsIn(null));
        Assert.False(receipt.AppearsIn(string.Empty));
        Assert.False(receipt.AppearsIn(KnownData[..23]));
        Assert.False(receipt.AppearsIn(KnownData[1..]));
        Assert.False(receipt.AppearsIn(KnownData[..12] + "U" + KnownData[12..]));
        Assert.False(receipt.AppearsIn(KnownData[..12] + "é" + KnownData[12..]));
        Assert.False(receipt.AppearsIn(Swap(KnownData, 5, 6)));
        for (var i = 0; i < 24; i++)
        {
            var changed = KnownData.ToCharArray();
            changed[i] = changed[i] == 'Z' ? 'Y' : 'Z';
            Assert.False(receipt.AppearsIn("text " + new string(changed) + " text"));
        }
    }

    [Fact]
    public void AppearsIn_does_not_match_random_text()
    {
        var receipt = Receipt.Generate();
        var random = new Random(12345);
        const string textAlphabet = Alphabet + "abcdefghijklmnopqrstuvwxyz -.,\n";
        for (var i = 0; i < 200; i++)
        {
            var text = new string(Enumerable.Range(0, 5000).Select(_ => textAlphabet[random.Next(textAlphabet.Length)]).ToArray());
            Assert.False(receipt.AppearsIn(text));
        }

        Assert.False(receipt.AppearsIn(Receipt.Generate().Display));
    }

    [Fact]
    public void AppearsIn_finds_any_generated_receipt_in_any_of_its_forms()
    {
        for (var i = 0; i < 200; i++)
        {
            var receipt = Receipt.Generate();
            Assert.True(receipt.AppearsIn("a " + receipt.Display + " b"));
            Assert.True(receipt.AppearsIn(receipt.Display.ToLowerInvariant()));
            Assert.True(receipt.AppearsIn(string.Join(' ', receipt.Canonical[..24].ToCharArray())));
        }
    }

    /// <summary>
    /// The check from its definition, without Horner's rule: sum of v_i * x^(24-i) reduced modulo
    /// x^5 + x^2 + 1, all over GF(2), computed on a 64-bit polynomial.
    /// </summary>
    private static char ReferenceCheck(string data)
    {
        ulong polynomial = 0;
        for (var i = 0; i < 24; i++)
        {
            polynomial ^= (ulong)Alphabet.IndexOf(data[i], StringComparison.Ordinal) << (24 - i);
        }

        for (var bit = 63; bit >= 5; bit--)
        {
            if ((polynomial & (1UL << bit)) != 0)
            {
                polynomial ^= 0b100101UL << (bit - 5);
            }
        }

        return Alphabet[(int)polynomial];
    }

    private static Receipt Parse(string input)
    {
        var result = Receipt.Parse(input);
        Assert.Equal(ReceiptProblem.None, result.Problem);
        return result.Receipt!;
    }

    /// <summary>Completes 23 data characters with whichever last one makes the check character '1'.</summary>
    private static Receipt ReceiptEndingInOne(string first23)
    {
        var data = Alphabet.Select(c => first23 + c).First(d => ReferenceCheck(d) == '1');
        return Parse(data + "1");
    }

    private static string Swap(string value, int i, int j)
    {
        var chars = value.ToCharArray();
        (chars[i], chars[j]) = (chars[j], chars[i]);
        return new string(chars);
    }

    private static double ChiSquare(long[] observed)
    {
        var expected = observed.Sum() / (double)observed.Length;
        return observed.Sum(o => (o - expected) * (o - expected) / expected);
    }

    [GeneratedRegex("^([0-9A-HJKMNP-TV-Z]{4}-){6}[0-9A-HJKMNP-TV-Z]$")]
    private static partial Regex DisplayPattern();

    private const string KnownCheck = "K";
    private const string LookupHashKnownAnswer = "cd288e855e9dace744f956f57a68c5c272dc34d018e794580a056724ba18aa9b";
    private const string ReporterKeyKnownAnswer = "25b54e6b4909ddd5b83185a8c028cf4011014c7709e54d93232a5d32c6f0aef6";
}
