namespace ReportPortal.Crypto;

public sealed record ReceiptParseResult(Receipt? Receipt, ReceiptProblem Problem)
{
    public bool Success => Receipt is not null;
}
