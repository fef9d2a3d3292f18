using Dgm.Core.Archive;
using Dgm.Core.Budget;
using Dgm.Core.Configuration;
using Dgm.Core.Diagnosis;
using Dgm.Core.Evaluation;
using Dgm.Core.Runs;

namespace Dgm.Reports;

// What a run's report shows, as the page reads it. Nodes are summaries; a node's panel reads its NodeDetails.

/// <summary>One run: its settings and state, every node of its tree, its iterations and its spend.</summary>
public sealed record RunReport
{
    public required RunFacts Run { get; init; }

    /// <summary>Every recorded node, admitted or rejected, in iteration and slot order.</summary>
    public required IReadOnlyList<ReportNode> Nodes { get; init; }

    public required IReadOnlyList<IterationRecord> Iterations { get; init; }

    public required SpendReport Spend { get; init; }

    public string? BestNodeId { get; init; }

    /// <summary>The best node's ancestors, from the seed down to it.</summary>
    public IReadOnlyList<string> Lineage { get; init; } = [];

    /// <summary>Per-language scores of the seed and of the best node.</summary>
    public ReportScores? SeedScores { get; init; }

    public ReportScores? BestScores { get; init; }

    public required DateTimeOffset GeneratedAt { get; init; }
}

/// <summary>What a run was asked to do and where it is.</summary>
public sealed record RunFacts
{
    public required string RunId { get; init; }

    public required RunStatus Status { get; init; }

    public string? StopReason { get; init; }

    public required SelectionPolicy Policy { get; init; }

    public required long Seed { get; init; }

    public required int Iterations { get; init; }

    public required int ChildrenPerIteration { get; init; }

    public required int LastCommittedIteration { get; init; }

    public required string Suite { get; init; }

    public required int Attempts { get; init; }

    public required bool ApprovalRequired { get; init; }

    /// <summary>How the two model roles were served (the replay model is labelled as scripted, no AI).</summary>
    public required string DiagnosisModel { get; init; }

    public required string CodingModel { get; init; }

    public required BudgetLimits Budget { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public static RunFacts Of(RunRecord run)
    {
        var config = run.Config;
        return new RunFacts
        {
            RunId = run.RunId,
            Status = run.Status,
            StopReason = run.StopReason,
            Policy = config.Selection.Policy,
            Seed = config.Seed,
            Iterations = config.Iterations,
            ChildrenPerIteration = config.ChildrenPerIteration,
            LastCommittedIteration = run.LastCommittedIteration,
            Suite = config.Benchmark.Suite,
            Attempts = config.Attempts,
            ApprovalRequired = config.Approval.Required,
            DiagnosisModel = ModelDescription.Of(config.Models.Diagnosis),
            CodingModel = ModelDescription.Of(config.Models.Coding),
            Budget = config.Budget,
            CreatedAt = run.CreatedAt,
            UpdatedAt = run.UpdatedAt,
        };
    }
}

/// <summary>A node of the tree: where it hangs, how it scored, whether it joined the archive and why not.</summary>
public sealed record ReportNode
{
    public required string Id { get; init; }

    public string? ParentId { get; init; }

    public string? ModifierId { get; init; }

    public required int Iteration { get; init; }

    public required int Slot { get; init; }

    public required NodeStatus Status { get; init; }

    public string? Reason { get; init; }

    public DiagnosisEntry? Diagnosis { get; init; }

    /// <summary>Null when the node was never evaluated (it failed before its first stage).</summary>
    public ReportScores? Scores { get; init; }

    /// <summary>Null when the run holds no tasks out or the node was not graded on them.</summary>
    public HeldOutCheck? HeldOut { get; init; }

    public bool InBestLineage { get; init; }
}

/// <summary>Scores of a node over every stage it was graded on (accuracy = resolved / submitted), and per language.</summary>
public sealed record ReportScores
{
    public required double Accuracy { get; init; }

    public required int Resolved { get; init; }

    public required int Submitted { get; init; }

    public required int Tasks { get; init; }

    public required IReadOnlyDictionary<int, double> PassAtK { get; init; }

    public IReadOnlyDictionary<string, ReportScores> PerLanguage { get; init; } = new Dictionary<string, ReportScores>();

    public static ReportScores Of(EvaluationSummary summary) => new()
    {
        Accuracy = summary.Accuracy,
        Resolved = summary.Resolved,
        Submitted = summary.Submitted,
        Tasks = summary.Tasks,
        PassAtK = summary.PassAtK,
        PerLanguage = summary.PerLanguage.ToDictionary(l => l.Key, l => Of(l.Value), StringComparer.Ordinal),
    };
}

/// <summary>A node's panel: the self-modification (problem statement and patch), its build and every graded attempt.</summary>
public sealed record NodeDetails
{
    public required string Id { get; init; }

    public string? ProblemStatement { get; init; }

    /// <summary>The self-modification as a diff against the parent; null for the seed or when nothing was produced.</summary>
    public string? Patch { get; init; }

    public string? PatchHash { get; init; }

    public string? SnapshotHash { get; init; }

    public BuildOutcome? Build { get; init; }

    public required IReadOnlyList<StageResult> Stages { get; init; }

    /// <summary>What evaluating the node used (model tokens and sandbox seconds of its solve and grade jobs).</summary>
    public required Spend Cost { get; init; }
}

/// <summary>Spend by kind, and the cumulative spend at every committed iteration, against the budget.</summary>
public sealed record SpendReport
{
    public required Spend Total { get; init; }

    public required Spend Reserved { get; init; }

    public required IReadOnlyDictionary<string, Spend> ByKind { get; init; }

    public required IReadOnlyList<SpendPoint> OverTime { get; init; }
}

/// <summary>The run's spend so far at a moment: minutes after it was created, and what was committed then.</summary>
public sealed record SpendPoint(double Minutes, string Label, Spend Spent);
