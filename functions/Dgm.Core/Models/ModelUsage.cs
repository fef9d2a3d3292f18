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

    [JsonIgnore]

    public long TotalTokens => InputTokens + OutputTokens;
}

/// <summary>A scope has used its whole token budget; nothing more is forwarded.</summary>
public sealed class TokenBudgetExceededException(ModelCallScope scope, long used)
    : Exception($"Token budget exhausted for job {scope.JobId} ({scope.Purpose} {scope.Key}): {used:N0} of {scope.TokenBudget:N0} tokens used; no further model calls are forwarded.")
{
    public ModelCallScope Scope { get; } = scope;

    public long Used { get; } = used;
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
