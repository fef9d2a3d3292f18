using Dgm.Core.Randomness;

namespace Dgm.Reports;

/// <summary>
/// Percentile bootstrap of a mean of paired differences: resample the pairs (tasks) with replacement, take the
/// mean each time, and read the interval off the sorted means. Seeded, so a comparison reads the same every time.
/// </summary>
public static class PairedBootstrap
{
    public static (double Mean, double Low, double High) Interval(IReadOnlyList<double> differences, BootstrapSettings settings, int stream)
    {
        ArgumentOutOfRangeException.ThrowIfZero(differences.Count);
        var random = DeterministicRandom.For(settings.Seed, stream, 0, "paired-bootstrap");
        var means = new double[settings.Resamples];
        for (var b = 0; b < means.Length; b++)
        {
            var sum = 0.0;
            for (var i = 0; i < differences.Count; i++)
            {
                sum += differences[random.NextInt(differences.Count)];
            }

            means[b] = sum / differences.Count;
        }

        Array.Sort(means);
        var tail = (1 - settings.Level) / 2;
        return (differences.Average(), Quantile(means, tail), Quantile(means, 1 - tail));
    }

    /// <summary>Linear interpolation between the closest ranks of sorted values.</summary>
    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
