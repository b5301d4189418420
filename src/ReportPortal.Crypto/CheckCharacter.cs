namespace ReportPortal.Crypto;

/// <summary>
/// The receipt check character: a weighted sum over the finite field GF(32) = GF(2)[x]/(x^5 + x^2 + 1),
/// whose 32 elements are exactly the 32 Crockford symbol values, so the check stays inside the alphabet.
///
/// With alpha = x (a generator of the 31-element multiplicative group, because 31 is prime and the
/// polynomial is irreducible), data symbol d_i (i = 0..23) gets weight alpha^(24-i) and the check symbol
/// c gets weight alpha^0 = 1; c is chosen so that the weighted sum of all 25 symbols is zero.
///
/// Guarantee, for any receipt:
/// - Every single-character substitution is detected: changing symbol i by e != 0 changes the sum by
///   e * w_i, and a product of non-zero field elements is never zero.
/// - Every transposition of two different characters is detected, adjacent or not: swapping a != b at
///   positions i and j changes the sum by (a + b)(w_i + w_j), which is non-zero because the 25 weights
///   alpha^0..alpha^24 are distinct (alpha has order 31 > 24). That includes swapping the check
///   character with the last data character.
/// Unlike Luhn mod N, no pair of symbols escapes transposition detection, and unlike mod 37 no extra
/// symbols are needed. Random multi-character errors go unnoticed with probability 1/32.
/// </summary>
internal static class CheckCharacter
{
    private const int FieldReduction = 0b100101;
    private const int FieldOverflowBit = 0b100000;

    /// <summary>Check value for the 24 data symbol values, by Horner's rule: h = (h + d) * alpha.</summary>
    internal static int Compute(ReadOnlySpan<char> data)
    {
        var h = 0;
        foreach (var c in data)
        {
            var value = CrockfordBase32.ValueOf(c);
            if (value < 0)
            {
                throw new ArgumentException("Not a Crockford base32 symbol.", nameof(data));
            }

            h = MultiplyByAlpha(h ^ value);
        }

        return h;
    }

    private static int MultiplyByAlpha(int element)
    {
        element <<= 1;
        return (element & FieldOverflowBit) != 0 ? element ^ FieldReduction : element;
    }
}
