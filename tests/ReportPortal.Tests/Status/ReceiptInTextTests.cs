using ReportPortal.Crypto;
using ReportPortal.ReporterFace.Status;

namespace ReportPortal.Tests.Status;

public sealed class ReceiptInTextTests
{
    private readonly Receipt _receipt = Receipt.Generate();

    [Fact]
    public void Finds_the_receipt_however_it_is_written()
    {
        var key = _receipt.DeriveReporterKey();
        var data = _receipt.Canonical[..24];

        Assert.True(ReceiptInText.ContainsReceiptFor(_receipt.Display, key));
        Assert.True(ReceiptInText.ContainsReceiptFor($"here it is: {_receipt.Canonical.ToLowerInvariant()} thanks", key));
        Assert.True(ReceiptInText.ContainsReceiptFor(string.Join(" ", data.Chunk(4).Select(c => new string(c))), key));
        Assert.True(ReceiptInText.ContainsReceiptFor("x" + data + "!", key));
    }

    [Fact]
    public void Does_not_flag_other_receipts_or_ordinary_text()
    {
        var key = _receipt.DeriveReporterKey();

        Assert.False(ReceiptInText.ContainsReceiptFor(Receipt.Generate().Display, key));
        Assert.False(ReceiptInText.ContainsReceiptFor("The meme was posted again on Friday night by PC 4471 in group ABCDEFGHJKMNPQRSTVWXYZ0123456789.", key));
        Assert.False(ReceiptInText.ContainsReceiptFor(string.Empty, key));
    }

    [Fact]
    public void Flags_a_receipt_with_one_character_missing_no_more()
    {
        var key = _receipt.DeriveReporterKey();
        var data = _receipt.Canonical[..24];

        Assert.False(ReceiptInText.ContainsReceiptFor(data[..23], key));
    }
}
