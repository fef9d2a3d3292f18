using Dgm.Core.Archive;
using Dgm.Core.Budget;
using Dgm.Core.Configuration;
using Dgm.Core.Runs;
using Dgm.Local.Artifacts;
using Dgm.Testing;

namespace Dgm.Reports.Tests;

/// <summary>Comparisons over runs whose records are written by hand, so every figure is known in advance.</summary>
public sealed class ComparisonTests : IDisposable
{
    private readonly TempDirectory _dir = new("dgm-compare");
    private readonly RunStore _runs;

    public ComparisonTests() => _runs = new RunStore(new DiskArtifactStore(_dir.Path));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_paired_bootstrap_is_seeded_and_its_interval_is_the_normal_one_for_a_large_sample()
    {
        var halves = Enumerable.Range(0, 400).Select(i => i % 2 == 0 ? 1.0 : 0.0).ToList();
        var (mean, low, high) = PairedBootstrap.Interval(halves, new BootstrapSettings(), stream: 0);

        Assert.Equal(0.5, mean);
        // Standard error sqrt(0.25 / 400) = 0.025: the 95% interval is 0.5 ± 0.049.
        Assert.Equal(0.451, low, 0.006);
        Assert.Equal(0.549, high, 0.006);
        Assert.Equal((mean, low, high), PairedBootstrap.Interval(halves, new BootstrapSettings(), stream: 0));
        Assert.NotEqual(low, PairedBootstrap.Interval(halves, new BootstrapSettings(Seed: 7), stream: 0).Low);
        Assert.Equal((0.25, 0.25, 0.25), PairedBootstrap.Interval([0.25, 0.25, 0.25], new BootstrapSettings(), stream: 3));
    }

    [Fact]
    public async Task Runs_are_compared_over_the_tasks_both_best_nodes_were_graded_on()
    {
        await WriteRunAsync("a", SelectionPolicy.ScoreChildProp, 0, [0.5, 0.5], new() { ["t1"] = 1, ["t2"] = 0, ["t3"] = 1, ["t4"] = 0 });
        await WriteRunAsync("b", SelectionPolicy.NoDarwin, 0, [0.5, 0.75, 1], new() { ["t1"] = 1, ["t2"] = 1, ["t3"] = 1 });

        var comparison = await new RunComparer(_runs).CompareAsync(["a", "b"], ArmGrouping.Run, new BootstrapSettings(), DateTimeOffset.UnixEpoch);

        Assert.Equal(["a", "b"], comparison.Arms.Select(a => a.Label));
        Assert.Equal([0.5, 0.75, 1], comparison.Arms[1].BestPerIteration);
        Assert.Equal(1, comparison.Arms[1].FinalBest);
        Assert.Equal(new Spend(2m, 200, 20), comparison.Arms[1].Spent);
        var difference = Assert.Single(comparison.Differences);
        Assert.Equal(("b", "a", 3), (difference.Arm, difference.Reference, difference.Tasks));
        Assert.Equal(1.0 / 3, difference.Difference!.Value, 9);
        Assert.InRange(difference.Low!.Value, 0, 1.0 / 3);
        Assert.InRange(difference.High!.Value, 1.0 / 3, 1);
        Assert.Contains("10,000 resamples, seed 0", comparison.Method, StringComparison.Ordinal);
    }

    [Fact]
    public async Task By_policy_an_arm_pools_its_seeds_per_iteration_and_per_task()
    {
        await WriteRunAsync("p-s0", SelectionPolicy.ScoreChildProp, 0, [0.25, 0.5, 1], new() { ["t1"] = 1, ["t2"] = 1 });
        await WriteRunAsync("p-s1", SelectionPolicy.ScoreChildProp, 1, [0.25, 0.75], new() { ["t1"] = 0, ["t2"] = 1, ["t3"] = 1 });
        await WriteRunAsync("n-s0", SelectionPolicy.NoSelfimprove, 0, [0.25, 0.25], new() { ["t1"] = 0, ["t2"] = 0, ["t3"] = 0 });

        var comparison = await new RunComparer(_runs).CompareAsync(["p-s0", "p-s1", "n-s0"], ArmGrouping.Policy, new BootstrapSettings(), DateTimeOffset.UnixEpoch);

        Assert.Equal(["score_child_prop", "no_selfimprove"], comparison.Arms.Select(a => a.Label));
        var pooled = comparison.Arms[0];
        Assert.Equal(["p-s0", "p-s1"], pooled.Runs.Select(r => r.RunId));
        Assert.Equal([0.25, 0.625, 1], pooled.BestPerIteration);
        Assert.Equal(0.875, pooled.FinalBest);
        // Per task the arm's rate is the mean of its runs' (t1 0.5, t2 1; t3 is not shared by both seeds).
        var difference = comparison.Differences.Single();
        Assert.Equal(2, difference.Tasks);
        Assert.Equal(-0.75, difference.Difference!.Value, 9);
    }

    [Fact]
    public async Task A_run_without_a_best_node_gets_a_note_instead_of_an_interval()
    {
        await WriteRunAsync("a", SelectionPolicy.ScoreChildProp, 0, [0.5], new() { ["t1"] = 1 });
        await _runs.CreateRunAsync(new RunRecord { RunId = "empty", Config = new RunConfig(), SeedSnapshot = "s", SuiteManifestSha = "m", CreatedAt = DateTimeOffset.UnixEpoch });

        var difference = (await new RunComparer(_runs).CompareAsync(["a", "empty"], ArmGrouping.Run, new BootstrapSettings(), DateTimeOffset.UnixEpoch)).Differences.Single();

        Assert.Equal(0, difference.Tasks);
        Assert.Null(difference.Difference);
        Assert.Contains("no task was graded", difference.Note, StringComparison.Ordinal);
    }

    /// <summary>A completed run whose best node resolved the given share of one attempt per task (1 or 0), with a best accuracy per iteration.</summary>
    private async Task WriteRunAsync(string id, SelectionPolicy policy, long seed, double[] bestPerIteration, Dictionary<string, int> resolved)
    {
        var config = new RunConfig { Selection = new SelectionSettings { Policy = policy }, Seed = seed, Iterations = bestPerIteration.Length - 1 };
        var best = new ArchiveNode
        {
            Id = "best",
            Status = NodeStatus.Seed,
            Stages = [new StageResult { Stage = 0, Tasks = [.. resolved.Select(t => new TaskOutcome { TaskId = t.Key, Language = "python", Attempts = [new AttemptOutcome { Status = t.Value == 1 ? AttemptStatus.Resolved : AttemptStatus.Unresolved }] })] }],
        };
        await _runs.CreateRunAsync(new RunRecord
        {
            RunId = id, Config = config, SeedSnapshot = "s", SuiteManifestSha = "m", CreatedAt = DateTimeOffset.UnixEpoch,
            Status = RunStatus.Completed, BestNodeId = "best", BestAccuracy = bestPerIteration[^1], LastCommittedIteration = bestPerIteration.Length - 1,
        });
        await _runs.WriteNodeAsync(id, best);
        for (var i = 0; i < bestPerIteration.Length; i++)
        {
            await _runs.CommitIterationAsync(id, new IterationRecord { Iteration = i, Admitted = i == 0 ? ["best"] : [], BestNodeId = "best", BestAccuracy = bestPerIteration[i], MeanAccuracy = bestPerIteration[i], ArchiveSize = 1 }, i == 0 ? [best] : []);
        }

        await _runs.UpdateLedgerAsync(id, ledger =>
        {
            ledger.TryReserve("job", new Spend(bestPerIteration.Length, 100, 10));
            ledger.Settle("job", "sandbox:Solve", new Spend(bestPerIteration.Length - 1, 100 * (bestPerIteration.Length - 1), 10 * (bestPerIteration.Length - 1)));
            return true;
        });
    }
}
