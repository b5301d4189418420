using System.Security.Cryptography;
using ReportPortal.Crypto;

namespace ReportPortal.ReporterFace.Status;

/// <summary>
/// Finds a reporter's own receipt inside a message they are about to send. The server holds only the
/// key derived from the receipt, so every run of 24 receipt characters in the text is completed with its
/// check character and compared by the key it derives.
/// </summary>
public static class ReceiptInText
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int DataLength = 24;

    public static bool ContainsReceiptFor(string text, ReadOnlySpan<byte> reporterKey)
    {
        // Separators between groups are dropped, so "abcd-efgh …" and "ABCDEFGH…" read the same.
        var characters = text.Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant).ToArray();
        for (var start = 0; start + DataLength <= characters.Length; start++)
        {
            var data = new string(characters, start, DataLength);
            foreach (var check in Alphabet)
            {
                var parsed = Receipt.Parse(data + check);
                if (parsed.Receipt is null)
                {
                    continue;
                }

                var derived = parsed.Receipt.DeriveReporterKey();
                var same = CryptographicOperations.FixedTimeEquals(derived, reporterKey);
                CryptographicOperations.ZeroMemory(derived);
                if (same)
                {
                    return true;
                }

                // Only one check character completes a run; no need to try the others.
                break;
            }
        }

        return false;
    }
}
