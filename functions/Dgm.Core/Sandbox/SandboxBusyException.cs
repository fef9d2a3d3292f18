namespace Dgm.Core.Sandbox;

/// <summary>
/// The sandbox's backend cannot take the job now but will later: a quota reached, throttling past its retries, no
/// capacity in the region. The job waits and starts again rather than failing (nothing of it was started).
/// </summary>
public sealed class SandboxBusyException(string message, TimeSpan? retryAfter = null, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>How long the backend asked us to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
