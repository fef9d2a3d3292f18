namespace Dgm.Core.Evaluation;

/// <summary>The unbiased pass@k estimator 1 − C(n−c, k) / C(n, k) over n attempts of which c resolved.</summary>
public static class PassAtK
{
    public static double Estimate(int attempts, int resolved, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(attempts);
        ArgumentOutOfRangeException.ThrowIfNegative(resolved);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(resolved, attempts);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, attempts);

        if (attempts - resolved < k)
        {
            return 1.0;
        }

        // C(n−c, k) / C(n, k) = Π_{i=n−c+1..n} (1 − k / i): a product of ratios that never overflows.
        var failAll = 1.0;
        for (var i = attempts - resolved + 1; i <= attempts; i++)
        {
            failAll *= 1.0 - (double)k / i;
        }

        return 1.0 - failAll;
    }
}
