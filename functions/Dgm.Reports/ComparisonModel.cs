using Dgm.Core.Budget;
using Dgm.Core.Configuration;
using Dgm.Core.Runs;

namespace Dgm.Reports;

/// <summary>How runs are put side by side: one arm per run, or one arm per selection policy (its seeds pooled).</summary>
public enum ArmGrouping
{
    Run,
    Policy,
}

/// <summary>Several runs on one chart: their scores per iteration, final best and spend, and each arm against the first.</summary>
public sealed record RunComparison
{
    public required IReadOnlyList<ComparedArm> Arms { get; init; }

    /// <summary>Every arm after the first against the first (the reference).</summary>
    public required IReadOnlyList<ArmDifference> Differences { get; init; }

    public required BootstrapSettings Bootstrap { get; init; }

    /// <summary>How the differences and their intervals were computed, in words.</summary>
    public required string Method { get; init; }

    public required DateTimeOffset GeneratedAt { get; init; }
}

/// <summary>One arm: a run, or the runs of one policy over several seeds.</summary>
public sealed record ComparedArm
{
    public required string Label { get; init; }

    public required IReadOnlyList<ComparedRun> Runs { get; init; }

    /// <summary>Mean over the arm's runs of the best accuracy at each iteration (over the runs that committed it).</summary>
    public required IReadOnlyList<double> BestPerIteration { get; init; }

    /// <summary>Mean over the arm's runs of their final best accuracy.</summary>
    public required double FinalBest { get; init; }

    /// <summary>What the arm's runs spent together.</summary>
    public required Spend Spent { get; init; }
}

/// <summary>One run's curve and result.</summary>
public sealed record ComparedRun
{
    public required string RunId { get; init; }

    public required SelectionPolicy Policy { get; init; }

    public required long Seed { get; init; }

    public required RunStatus Status { get; init; }

    public string? BestNodeId { get; init; }

    public required double FinalBest { get; init; }

    public required int ArchiveSize { get; init; }

    /// <summary>Best and mean archive accuracy after each committed iteration (index = iteration).</summary>
    public required IReadOnlyList<double> BestPerIteration { get; init; }

    public required IReadOnlyList<double> MeanPerIteration { get; init; }

    public required Spend Spent { get; init; }
}

/// <summary>
/// An arm's best nodes against the reference's, paired by task: the mean over shared tasks of the difference in
/// per-task resolve rate (arm − reference), with its bootstrap interval. Null figures say why in <see cref="Note"/>.
/// </summary>
public sealed record ArmDifference
{
    public required string Arm { get; init; }

    public required string Reference { get; init; }

    public required int Tasks { get; init; }

    public double? Difference { get; init; }

    public double? Low { get; init; }

    public double? High { get; init; }

    public string? Note { get; init; }
}

/// <summary>The paired bootstrap's settings: resamples of the shared tasks, the seed of their draws, the interval's level.</summary>
public sealed record BootstrapSettings(int Resamples = 10_000, long Seed = 0, double Level = 0.95);
