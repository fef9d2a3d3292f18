using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using Dgm.Core.Budget;
using Dgm.Core.Diagnosis;
using Dgm.Core.Evaluation;

namespace Dgm.Core.Archive;

public enum NodeStatus
{
    /// <summary>The hand-written agent the run starts from.</summary>
    Seed,

    /// <summary>A child that met the admission rule and can become a parent.</summary>
    Admitted,

    /// <summary>A child that was recorded but not admitted; <see cref="ArchiveNode.Reason"/> says why.</summary>
    Rejected,
}

/// <summary>How building a snapshot went: compile, then the agent's own self-test.</summary>
public sealed record BuildOutcome
{
    public required bool Built { get; init; }

    public required bool SelfTestPassed { get; init; }

    /// <summary>Artifact key of the build's combined output.</summary>
    public string? LogKey { get; init; }

    /// <summary>Why the harness could not build at all (the sandbox or the runner failed); not the agent's doing.</summary>
    public string? Error { get; init; }

    [JsonIgnore]

    public bool Succeeded => Built && SelfTestPassed;
}

/// <summary>
/// One agent of a run: where it came from (parent, diagnosis, patch), what it is (snapshot), how it did
/// (build and stage results) and whether it joined the archive. Stored as <c>runs/{run}/nodes/{id}/node.json</c>.
/// </summary>
public sealed record ArchiveNode
{
    public const string SeedId = "seed";

    public required string Id { get; init; }

    public string? ParentId { get; init; }

    /// <summary>The node whose agent performed the self-modification (the parent, or the seed under no_selfimprove).</summary>
    public string? ModifierId { get; init; }

    public int Iteration { get; init; }

    public int Slot { get; init; }

    public DiagnosisEntry? DiagnosisEntry { get; init; }

    public string? ProblemStatement { get; init; }

    /// <summary>SHA-256 of the self-modification patch (diff against the parent's snapshot).</summary>
    public string? PatchHash { get; init; }

    /// <summary>SHA-256 of the full source snapshot.</summary>
    public string? SnapshotHash { get; init; }

    public BuildOutcome? Build { get; init; }

    public IReadOnlyList<StageResult> Stages { get; init; } = [];

    public required NodeStatus Status { get; init; }

    public string? Reason { get; init; }

    public Spend Cost { get; init; } = Spend.Zero;

    /// <summary>Summaries by the stage list they were computed from: a node's stages never change, and reports read them often.</summary>
    private static readonly ConditionalWeakTable<IReadOnlyList<StageResult>, EvaluationSummary> Summaries = [];

    [JsonIgnore]
    public IEnumerable<TaskOutcome> Outcomes => Stages.SelectMany(s => s.Tasks);

    /// <summary>Scores over every stage evaluated so far, computed once per set of stages.</summary>
    [JsonIgnore]
    public EvaluationSummary Summary => Summaries.GetValue(Stages, stages => EvaluationSummary.Of(stages.SelectMany(s => s.Tasks)));

    /// <summary>Resolved and submitted attempts over every stage evaluated so far.</summary>
    [JsonIgnore]
    public AttemptCounts AttemptCounts => AttemptCounts.Of(Outcomes);

    [JsonIgnore]
    public double Accuracy => AttemptCounts.Accuracy;

    [JsonIgnore]

    public bool IsEvaluated => Stages.Count > 0;
}
