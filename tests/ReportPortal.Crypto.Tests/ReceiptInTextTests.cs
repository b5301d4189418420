namespace ReportPortal.Crypto.Tests;

/// <summary>Finding a receipt in a message when only the key derived from it is known.</summary>
public sealed class ReceiptInTextTests
{
    private readonly Receipt _receipt = Receipt.Generate();

    [Fact]
    public void Finds_the_receipt_however_it_is_written()
    {
        var key = _receipt.DeriveReporterKey();
        var data = _receipt.Canonical[..24];

        Assert.True(Receipt.AppearsIn(_receipt.Display, key));
        Assert.True(Receipt.AppearsIn($"here it is: {_receipt.Canonical.ToLowerInvariant()} thanks", key));
        Assert.True(Receipt.AppearsIn(string.Join(" ", data.Chunk(4).Select(c => new string(c))), key));
        Assert.True(Receipt.AppearsIn("x" + data + "!", key));
    }

    [Fact]
    public void Does_not_flag_other_receipts_or_ordinary_text()
    {
        var key = _receipt.DeriveReporterKey();

        Assert.False(Receipt.AppearsIn(Receipt.Generate().Display, key));
        Assert.False(Receipt.AppearsIn("The meme was posted again on Friday night by PC 4471 in group ABCDEFGHJKMNPQRSTVWXYZ0123456789.", key));
        Assert.False(Receipt.AppearsIn(string.Empty, key));
    }

    [Fact]
    public void Flags_a_receipt_with_one_character_missing_no_more()
    {
        var key = _receipt.DeriveReporterKey();
        var data = _receipt.Canonical[..24];

        Assert.False(Receipt.AppearsIn(data[..23], key));
    }
}
