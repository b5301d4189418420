namespace ReportPortal.Crypto.Tests;

/// <summary>Receipt-shaped text is recognised from its shape alone (no lookup), however it is grouped.</summary>
public sealed class ReceiptShapeTests
{
    [Fact]
    public void A_receipt_written_any_usual_way_looks_like_one()
    {
        var receipt = Receipt.Generate();

        Assert.True(Receipt.LooksLikeOneIn("my receipt is " + receipt.Display));
        Assert.True(Receipt.LooksLikeOneIn(receipt.Canonical.ToLowerInvariant() + " thanks"));
        Assert.True(Receipt.LooksLikeOneIn(string.Join(' ', receipt.Display.Split('-'))));
    }

    [Fact]
    public void Ordinary_text_and_near_misses_do_not()
    {
        var receipt = Receipt.Generate();
        var wrongCheck = receipt.Canonical[..24] + (receipt.Canonical[24] == '0' ? '1' : '0');

        Assert.False(Receipt.LooksLikeOneIn("The meme was posted again on Friday night by PC 4471 in the late turn group chat."));
        Assert.False(Receipt.LooksLikeOneIn(wrongCheck));
        Assert.False(Receipt.LooksLikeOneIn(receipt.Canonical[..24]));
        Assert.False(Receipt.LooksLikeOneIn(null));
    }
}
