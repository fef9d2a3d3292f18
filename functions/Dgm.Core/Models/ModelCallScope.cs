using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace Dgm.Core.Models;

/// <summary>What a model call is for: which run, node, task and job, and with how many tokens at most.</summary>
public sealed record ModelCallScope
{
    /// <summary>The key under which the scope travels in <see cref="ChatOptions.AdditionalProperties"/> (never sent to a backend).</summary>
    public const string OptionsKey = "dgm.scope";

    public required string RunId { get; init; }

    /// <summary>The node the call works for: the child being created (diagnose, self_modify) or the agent being evaluated (solve).</summary>
    public required string NodeId { get; init; }

    public string? TaskId { get; init; }

    public required string Purpose { get; init; }

    /// <summary>The sandbox job or outer-loop step that owns the calls; usage is metered per job.</summary>
    public required string JobId { get; init; }

    public required long TokenBudget { get; init; }

    /// <summary>"node" or "node/task": what a replay cassette entry matches.</summary>
    [JsonIgnore]
    public string Key => TaskId is null ? NodeId : $"{NodeId}/{TaskId}";

    public ChatOptions ApplyTo(ChatOptions? options)
    {
        var result = options?.Clone() ?? new ChatOptions();
        result.AdditionalProperties ??= [];
        result.AdditionalProperties[OptionsKey] = this;
        return result;
    }

    public static ModelCallScope? From(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(OptionsKey, out var value) == true ? value as ModelCallScope : null;
}

/// <summary>The purposes a model call can have.</summary>
public static class ModelPurpose
{
    public const string Diagnose = "diagnose";
    public const string SelfModify = "self_modify";
    public const string Solve = "solve";
}
