using System.Text.Json.Serialization;

namespace Dgm.Core.Archive;

/// <summary>
/// A node's grades on the run's held-out tasks, stored beside its node.json (<c>held-out.json</c>) and never in it:
/// selection, admission and the diagnosis read nodes, so they cannot see these tasks. Only reports read them.
/// </summary>
public sealed record HeldOutResult
{
    /// <summary>The held-out tasks whose every attempt was graded.</summary>
    public required IReadOnlyList<TaskOutcome> Tasks { get; init; }

    /// <summary>The held-out tasks the node was to be graded on.</summary>
    public IReadOnlyList<string> Planned { get; init; } = [];

    /// <summary>Why grading stopped before every planned task was graded (the budget), if it did.</summary>
    public string? StoppedBecause { get; init; }

    [JsonIgnore]
    public AttemptCounts Counts => AttemptCounts.Of(Tasks);

    /// <summary>Whether any attempt was graded; a result without one has no accuracy to compare.</summary>
    [JsonIgnore]
    public bool IsGraded => Counts.Submitted > 0;
}
