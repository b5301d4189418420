namespace ReportPortal.Crypto;

/// <summary>
/// Identifies where a sealed blob belongs. It is bound into the AES-GCM associated data, so a blob
/// cannot be moved between cases, records or fields without failing authentication.
/// </summary>
public readonly record struct SealContext(Guid CaseId, Guid RecordId, string Field);
