namespace ReportPortal.Crypto.Tests;

public class CaseKeyTests
{
    [Fact]
    public void Generate_returns_32_fresh_random_bytes()
    {
        var keys = Enumerable.Range(0, 100).Select(_ => CaseKey.Generate()).ToList();

        Assert.Equal(32, CaseKey.Size);
        Assert.All(keys, k => Assert.Equal(CaseKey.Size, k.Length));
        Assert.Equal(keys.Count, keys.Select(Convert.ToHexString).Distinct().Count());

        // Every bit position takes both values somewhere in 100 keys unless the generator is broken.
        for (var bit = 0; bit < CaseKey.Size * 8; bit++)
        {
            var ones = keys.Count(k => (k[bit / 8] & (1 << (bit % 8))) != 0);
            Assert.InRange(ones, 1, keys.Count - 1);
        }
    }
}
