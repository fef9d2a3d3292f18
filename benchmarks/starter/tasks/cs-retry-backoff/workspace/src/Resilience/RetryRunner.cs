namespace Resilience;

/// <summary>
/// Runs an operation, retrying on failure according to a <see cref="BackoffPolicy"/>.
/// Waiting is delegated to <c>sleep</c> so callers (and tests) control time.
/// </summary>
public sealed class RetryRunner(BackoffPolicy policy, Action<TimeSpan> sleep)
{
    public T Run<T>(Func<int, T> operation, Func<Exception, bool>? isTransient = null)
    {
        var attempt = 0;
        while (true)
        {
            try
            {
                return operation(attempt);
            }
            catch (Exception ex) when ((isTransient?.Invoke(ex) ?? true) && attempt < policy.MaxRetries)
            {
                attempt++;
                sleep(policy.DelayBefore(attempt));
            }
        }
    }
}
