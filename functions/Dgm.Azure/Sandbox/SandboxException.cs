namespace Dgm.Azure.Sandbox;

/// <summary>
/// Azure refused or failed a sandbox operation. <see cref="Code"/> is the ARM error code (e.g.
/// ContainerGroupQuotaReached); <see cref="Retryable"/> says whether the same call may succeed later (throttling,
/// capacity, a conflicting operation in progress) or needs a change first (quota, an invalid request).
/// </summary>
public sealed class SandboxException : Exception
{
    public SandboxException(string message, string code, bool retryable, int? status = null, TimeSpan? retryAfter = null, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        Retryable = retryable;
        Status = status;
        RetryAfter = retryAfter;
    }

    public string Code { get; }

    public bool Retryable { get; }

    /// <summary>The HTTP status ARM answered, when the failure came from an answer.</summary>
    public int? Status { get; }

    /// <summary>How long ARM asked us to wait (Retry-After), when it said.</summary>
    public TimeSpan? RetryAfter { get; }
}
