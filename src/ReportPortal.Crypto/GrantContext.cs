namespace ReportPortal.Crypto;

/// <summary>
/// The associated data of a key grant: lp("reportportal/grant/v2") || lp(case id) || lp(purpose) ||
/// lp(holder kind) || lp(holder key id), with the length prefixes and Guid byte order of
/// <see cref="AssociatedData"/>. A grant moved to another case, purpose, kind of holder or holder key
/// fails to open. Callers pass fixed strings (never enum member names) for purpose and holder kind.
/// </summary>
public static class GrantContext
{
    internal const string Label = "reportportal/grant/v2";
    internal const string RetentionLabel = "reportportal/grant/retention/v1";

    public static byte[] Encode(Guid caseId, string purpose, string holderKind, string holderKeyId)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        ArgumentException.ThrowIfNullOrEmpty(holderKind);
        ArgumentException.ThrowIfNullOrEmpty(holderKeyId);
        var size = CanonicalWriter.LengthPrefixedUtf8Size(Label)
            + CanonicalWriter.LengthPrefixedSize(CanonicalWriter.GuidSize)
            + CanonicalWriter.LengthPrefixedUtf8Size(purpose)
            + CanonicalWriter.LengthPrefixedUtf8Size(holderKind)
            + CanonicalWriter.LengthPrefixedUtf8Size(holderKeyId);
        var ad = new byte[size];
        var writer = new CanonicalWriter(ad);
        writer.WriteLengthPrefixedUtf8(Label);
        writer.WriteLengthPrefixedGuid(caseId);
        writer.WriteLengthPrefixedUtf8(purpose);
        writer.WriteLengthPrefixedUtf8(holderKind);
        writer.WriteLengthPrefixedUtf8(holderKeyId);
        return ad;
    }

    /// <summary>
    /// The outer retention layer: every grant's holder-wrapped key is wrapped again under the
    /// retention-period key named by <paramref name="retentionKeyId"/>. Associated data:
    /// lp("reportportal/grant/retention/v1") || lp(grant context) || lp(retention key id).
    /// </summary>
    public static byte[] WrapForRetention(ReadOnlySpan<byte> holderWrapped, ReadOnlySpan<byte> retentionKey, ReadOnlySpan<byte> grantContext, string retentionKeyId) =>
        KeyWrap.WrapWithKey(holderWrapped, retentionKey, RetentionContext(grantContext, retentionKeyId));

    public static byte[] OpenRetention(ReadOnlySpan<byte> wrapped, ReadOnlySpan<byte> retentionKey, ReadOnlySpan<byte> grantContext, string retentionKeyId) =>
        KeyWrap.UnwrapWithKey(wrapped, retentionKey, RetentionContext(grantContext, retentionKeyId));

    private static byte[] RetentionContext(ReadOnlySpan<byte> grantContext, string retentionKeyId)
    {
        ArgumentException.ThrowIfNullOrEmpty(retentionKeyId);
        var ad = new byte[CanonicalWriter.LengthPrefixedUtf8Size(RetentionLabel)
            + CanonicalWriter.LengthPrefixedSize(grantContext.Length)
            + CanonicalWriter.LengthPrefixedUtf8Size(retentionKeyId)];
        var writer = new CanonicalWriter(ad);
        writer.WriteLengthPrefixedUtf8(RetentionLabel);
        writer.WriteLengthPrefixed(grantContext);
        writer.WriteLengthPrefixedUtf8(retentionKeyId);
        return ad;
    }
}
