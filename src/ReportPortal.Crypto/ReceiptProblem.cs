namespace ReportPortal.Crypto;

public enum ReceiptProblem
{
    None,
    Empty,
    WrongLength,
    InvalidCharacter,
    CheckCharacterMismatch,
}
