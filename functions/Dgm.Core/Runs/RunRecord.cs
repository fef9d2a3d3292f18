using Dgm.Core.Configuration;

namespace Dgm.Core.Runs;

public enum RunStatus
{
    Running,

    /// <summary>All iterations ran.</summary>
    Completed,

    /// <summary>A budget, the wall time or the approval gate ended the run early; <see cref="RunRecord.StopReason"/> says which.</summary>
    Stopped,

    Failed,

    Terminated,
}

/// <summary>
/// <c>runs/{runId}/run.json</c>: the configuration and seed of a run and its state after the last committed
/// iteration. Derived from the iteration records, so a resumed run can always rebuild it. It holds nothing that grows
/// with the run: the archive is in the iteration records and their archive segments (older run.json files listed
/// the archive's node ids; that field is ignored and dropped at the next update).
/// </summary>
public sealed record RunRecord
{
    public required string RunId { get; init; }

    public required RunConfig Config { get; init; }

    /// <summary>SHA-256 of the seed agent's source snapshot.</summary>
    public required string SeedSnapshot { get; init; }

    /// <summary>SHA-256 of the benchmark suite manifest the run was started with.</summary>
    public required string SuiteManifestSha { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public RunStatus Status { get; init; } = RunStatus.Running;

    public string? StopReason { get; init; }

    /// <summary>The last iteration whose record is written; -1 before the seed is evaluated (iteration 0).</summary>
    public int LastCommittedIteration { get; init; } = -1;

    public string? BestNodeId { get; init; }

    public double? BestAccuracy { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>
/// The child slot of an iteration: who is modified (the parent, whose source snapshot is copied), by whom (the
/// modifier, whose built agent does the work), after diagnosing what.
/// </summary>
public sealed record ChildPlan(int Slot, string ChildId, string ParentId, string ParentSnapshot, string ModifierId, string ModifierSnapshot, Diagnosis.DiagnosisEntry Entry)
{
    public static string IdFor(int iteration, int slot) => $"i{iteration}-c{slot}";

    /// <summary>Child <paramref name="number"/> of a steady run, numbered in the order the children started.</summary>
    public static string SteadyIdFor(int number) => $"c{number}";
}

/// <summary>A child as the iteration record lists it.</summary>
public sealed record ChildSummary(string Id, string ParentId, Archive.NodeStatus Status, string? Reason, double? Accuracy, int TasksGraded);

/// <summary>
/// <c>runs/{runId}/iterations/{n}.json</c>, written last: an iteration is committed when this record exists.
/// Iteration 0 is the seed's evaluation.
/// </summary>
public sealed record IterationRecord
{
    public required int Iteration { get; init; }

    public IReadOnlyList<ChildPlan> Plans { get; init; } = [];

    public IReadOnlyList<ChildSummary> Children { get; init; } = [];

    /// <summary>Slots that never started, with the reason (e.g. the budget refused them).</summary>
    public IReadOnlyList<string> Refused { get; init; } = [];

    public IReadOnlyList<string> Admitted { get; init; } = [];

    public int ArchiveSize { get; init; }

    public string? BestNodeId { get; init; }

    public double BestAccuracy { get; init; }

    public double MeanAccuracy { get; init; }

    public DateTimeOffset CommittedAt { get; init; }

    /// <summary>The run's total spend when the iteration was committed (its spend over time); absent in older records.</summary>
    public Budget.Spend? Spent { get; init; }
}
