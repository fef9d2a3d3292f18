using System.Text.Json.Serialization;

namespace Dgm.Core.Models;

/// <summary>Tokens and dollars a job's model calls used so far; stored per job at <c>runs/{run}/usage/{job}.json</c>.</summary>
public sealed record ModelUsage
{
    public int Calls { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    public decimal Dollars { get; init; }

    /// <summary>Requests the model refused for exceeding its context window.</summary>
    public int ContextLengthErrors { get; init; }

    /// <summary>Worst cases held by calls in flight; each is settled to the call's metered tokens when it returns.</summary>
    public long ReservedTokens { get; init; }

    [JsonIgnore]
    public long TotalTokens => InputTokens + OutputTokens;
}

/// <summary>A call's worst case does not fit in what its scope's token budget has left; it is not forwarded.</summary>
public sealed class TokenBudgetExceededException(ModelCallScope scope, long used, long reserved, long needed)
    : Exception($"Token budget of {scope.TokenBudget:N0} for job {scope.JobId} ({scope.Purpose} {scope.Key}) cannot cover this call: "
        + $"{used:N0} tokens used and {reserved:N0} reserved by calls in flight, and this call needs up to {needed:N0}; it was not forwarded.")
{
    public ModelCallScope Scope { get; } = scope;

    public long Used { get; } = used;

    public long Reserved { get; } = reserved;

    public long Needed { get; } = needed;
}

/// <summary>The backend refused a request for exceeding the model's context window.</summary>
public sealed class ContextLengthExceededException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The model refused the request itself (400, other than the context window): no retry and no other child can fix it,
/// so it fails the run with the server's words rather than quietly yielding no child.
/// </summary>
public sealed class ModelRequestRejectedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A backend failed for good (after its retries), or answered with an error that retrying cannot fix.</summary>
public sealed class ModelUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
