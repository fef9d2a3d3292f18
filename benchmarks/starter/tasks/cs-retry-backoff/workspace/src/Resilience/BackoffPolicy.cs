namespace Resilience;

/// <summary>
/// Exponential backoff: the first retry waits <see cref="InitialDelay"/>, every further retry waits
/// <see cref="Multiplier"/> times longer than the one before, and no delay ever exceeds
/// <see cref="MaxDelay"/>.
/// </summary>
public sealed class BackoffPolicy
{
    public BackoffPolicy(TimeSpan initialDelay, double multiplier, TimeSpan maxDelay, int maxRetries)
    {
        if (initialDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(initialDelay));
        }

        if (multiplier < 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(multiplier), "The multiplier must be at least 1.");
        }

        if (maxDelay < initialDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDelay), "The maximum delay must not be below the initial delay.");
        }

        if (maxRetries < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRetries));
        }

        InitialDelay = initialDelay;
        Multiplier = multiplier;
        MaxDelay = maxDelay;
        MaxRetries = maxRetries;
    }

    public TimeSpan InitialDelay { get; }

    public double Multiplier { get; }

    public TimeSpan MaxDelay { get; }

    public int MaxRetries { get; }

    /// <summary>The delay before retry number <paramref name="retry"/> (1 = the first retry).</summary>
    public TimeSpan DelayBefore(int retry)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        var milliseconds = InitialDelay.TotalMilliseconds * Math.Pow(Multiplier, retry);
        var delay = TimeSpan.FromMilliseconds(milliseconds);
        return delay > MaxDelay ? MaxDelay : delay;
    }

    /// <summary>All delays, one per allowed retry.</summary>
    public IReadOnlyList<TimeSpan> Schedule() =>
        Enumerable.Range(1, MaxRetries).Select(DelayBefore).ToList();

    /// <summary>The total time spent waiting if every retry is used.</summary>
    public TimeSpan TotalDelay() => Schedule().Aggregate(TimeSpan.Zero, (sum, d) => sum + d);
}
