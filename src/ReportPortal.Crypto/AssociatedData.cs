namespace ReportPortal.Crypto;

internal static class AssociatedData
{
    /// <summary>
    /// version || lp(purpose) || lp(CaseId) || lp(RecordId) || lp(Field), where lp() is a 4-byte
    /// big-endian length followed by the bytes, Guids are in big-endian order and strings are UTF-8.
    /// <paramref name="reservedTail"/> bytes are left zeroed at the end for per-chunk data.
    /// </summary>
    internal static byte[] ForContext(byte version, string purpose, SealContext context, int reservedTail = 0)
    {
        if (context.Field is null)
        {
            throw new ArgumentException("SealContext.Field must be set.", nameof(context));
        }

        var size = 1
            + CanonicalWriter.LengthPrefixedUtf8Size(purpose)
            + (2 * CanonicalWriter.LengthPrefixedSize(CanonicalWriter.GuidSize))
            + CanonicalWriter.LengthPrefixedUtf8Size(context.Field)
            + reservedTail;
        var ad = new byte[size];
        var writer = new CanonicalWriter(ad);
        writer.WriteByte(version);
        writer.WriteLengthPrefixedUtf8(purpose);
        writer.WriteLengthPrefixedGuid(context.CaseId);
        writer.WriteLengthPrefixedGuid(context.RecordId);
        writer.WriteLengthPrefixedUtf8(context.Field);
        return ad;
    }

    /// <summary>version || lp(purpose) || lp(callerData).</summary>
    internal static byte[] ForLabel(byte version, string purpose, ReadOnlySpan<byte> callerData)
    {
        var size = 1
            + CanonicalWriter.LengthPrefixedUtf8Size(purpose)
            + CanonicalWriter.LengthPrefixedSize(callerData.Length);
        var ad = new byte[size];
        var writer = new CanonicalWriter(ad);
        writer.WriteByte(version);
        writer.WriteLengthPrefixedUtf8(purpose);
        writer.WriteLengthPrefixed(callerData);
        return ad;
    }
}
