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

    public IEnumerable<TaskOutcome> Outcomes => Stages.SelectMany(s => s.Tasks);

    /// <summary>Scores over every stage evaluated so far.</summary>
    public EvaluationSummary Summary => EvaluationSummary.Of(Outcomes);

    public double Accuracy => Summary.Accuracy;

    public bool IsEvaluated => Stages.Count > 0;
}
