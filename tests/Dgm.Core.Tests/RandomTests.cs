using Dgm.Core.Randomness;

namespace Dgm.Core.Tests;

public class RandomTests
{
    [Fact]
    public void Same_key_gives_same_sequence_and_other_keys_differ()
    {
        var a = DeterministicRandom.For(7, 3, 1, "parent");
        var b = DeterministicRandom.For(7, 3, 1, "parent");
        var seq = Enumerable.Range(0, 8).Select(_ => a.NextUInt64()).ToList();
        Assert.Equal(seq, Enumerable.Range(0, 8).Select(_ => b.NextUInt64()).ToList());

        foreach (var other in new[] { DeterministicRandom.For(8, 3, 1, "parent"), DeterministicRandom.For(7, 4, 1, "parent"), DeterministicRandom.For(7, 3, 2, "parent"), DeterministicRandom.For(7, 3, 1, "entry") })
        {
            Assert.NotEqual(seq[0], other.NextUInt64());
        }
    }

    [Fact]
    public void Uniform_doubles_have_the_right_mean_and_stay_in_range()
    {
        var r = new DeterministicRandom(1);
        var values = Enumerable.Range(0, 200_000).Select(_ => r.NextDouble()).ToList();
        Assert.All(values, v => Assert.InRange(v, 0.0, 0.9999999999));
        Assert.InRange(values.Average(), 0.498, 0.502);
    }

    [Theory]
    [InlineData(2.0, 5.0)]
    [InlineData(1.0, 1.0)]
    [InlineData(0.5, 3.0)]
    [InlineData(30.0, 4.0)]
    public void Beta_draws_match_the_mean_and_variance(double a, double b)
    {
        var r = new DeterministicRandom(99);
        var values = Enumerable.Range(0, 200_000).Select(_ => r.NextBeta(a, b)).ToList();
        var mean = values.Average();
        var variance = values.Select(v => (v - mean) * (v - mean)).Average();
        Assert.Equal(a / (a + b), mean, 0.005);
        Assert.Equal(a * b / ((a + b) * (a + b) * (a + b + 1)), variance, 0.002);
    }

    [Fact]
    public void NextInt_is_uniform()
    {
        var r = new DeterministicRandom(5);
        var counts = new int[7];
        for (var i = 0; i < 70_000; i++)
        {
            counts[r.NextInt(7)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
    }
}
