using System.Net;

namespace DgmAgent.Model;

// When to try a failed model call again and how long to wait first. The self-test shortens the
// base delay; real runs use Default (1 s, 2 s, 4 s).
internal sealed record RetryPolicy(int MaxRetries, TimeSpan BaseDelay, TimeSpan MaxRetryAfter)
{
    // A server may ask for a long pause; beyond a minute the run's own time limit is better spent failing fast.
    public static RetryPolicy Default { get; } = new(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));

    // Rate limits and server faults are transient; any other 4xx means the request itself is wrong.
    public static bool IsRetryable(HttpStatusCode status) => status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    // retry is 1 for the first retry. The server's Retry-After wins over the exponential schedule.
    public TimeSpan DelayBefore(int retry, TimeSpan? retryAfter) => retryAfter is { } asked
        ? TimeSpan.FromTicks(Math.Clamp(asked.Ticks, 0, MaxRetryAfter.Ticks))
        : BaseDelay * Math.Pow(2, retry - 1);
}
