using Dgm.Core.Archive;
using Dgm.Core.Configuration;
using Dgm.Core.Evaluation;
using Dgm.Testing;

namespace Dgm.Core.Tests;

public class EvaluationTests
{
    [Theory]
    [InlineData(10, 3, 1, 0.3)]
    [InlineData(10, 3, 5, 1 - 21.0 / 252.0)] // 1 − C(7,5)/C(10,5)
    [InlineData(10, 3, 10, 1.0)]
    [InlineData(10, 0, 5, 0.0)]
    [InlineData(5, 2, 2, 1 - 3.0 / 10.0)] // 1 − C(3,2)/C(5,2)
    public void Pass_at_k_matches_hand_computed_values(int n, int c, int k, double expected) =>
        Assert.Equal(expected, PassAtK.Estimate(n, c, k), 12);

    [Fact]
    public void Pass_at_k_rejects_impossible_arguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PassAtK.Estimate(3, 4, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PassAtK.Estimate(3, 1, 4));
    }

    [Fact]
    public void Summary_counts_empty_patches_as_submitted_and_breaks_down_by_language()
    {
        var summary = EvaluationSummary.Of(
        [
            Nodes.Task("py-1", "python", AttemptStatus.Resolved, AttemptStatus.Unresolved),
            Nodes.Task("py-2", "python", AttemptStatus.EmptyPatch, AttemptStatus.EmptyPatch),
            Nodes.Task("rs-1", "rust", AttemptStatus.Resolved, AttemptStatus.Resolved),
            Nodes.Task("rs-2", "rust", AttemptStatus.Error, AttemptStatus.Unresolved),
        ]);

        Assert.Equal(8, summary.Submitted);
        Assert.Equal(3, summary.Resolved);
        Assert.Equal(3 / 8.0, summary.Accuracy, 12);
        Assert.Equal((0.5 + 0 + 1 + 0) / 4, summary.PassAtK[1], 12);
        Assert.Equal((1.0 + 0 + 1 + 0) / 4, summary.PassAtK[2], 12);
        Assert.Equal(["py-1", "rs-1"], summary.ResolvedIds);
        Assert.Equal(["py-2"], summary.EmptyPatchIds);
        Assert.Equal(["rs-2"], summary.ErrorIds);
        Assert.Equal(["py-1", "rs-2"], summary.UnresolvedIds);
        Assert.Equal(0.25, summary.PerLanguage["python"].Accuracy, 12);
        Assert.Equal(0.5, summary.PerLanguage["rust"].Accuracy, 12);
    }

    [Theory]
    [InlineData(0.4, true)] // exactly at the fraction: open (inclusive)
    [InlineData(0.39999, false)]
    public void Fraction_gate_is_inclusive_at_its_boundary(double accuracy, bool opens) =>
        Assert.Equal(opens, StageGate.Opens(new StageSpec { Tasks = 5, MinResolvedFraction = 0.4 }, accuracy, null));

    [Theory]
    [InlineData(0.6, 0.6, false)] // exactly the second best: shut ("above" is strict)
    [InlineData(0.60001, 0.6, true)]
    [InlineData(0.4, 0.2, false)] // below the floor: the floor is the threshold
    [InlineData(0.40001, 0.2, true)]
    [InlineData(0.45, null, true)] // no full evaluation yet: the floor alone
    public void Second_best_gate_is_strict_and_floored(double accuracy, double? secondBest, bool opens) =>
        Assert.Equal(opens, StageGate.Opens(new StageSpec { Tasks = 5, AboveSecondBest = true, Floor = 0.4 }, accuracy, secondBest));

    [Fact]
    public void A_stage_with_both_gates_needs_both()
    {
        var stage = new StageSpec { Tasks = 5, MinResolvedFraction = 0.5, AboveSecondBest = true, Floor = 0.3 };
        Assert.False(StageGate.Opens(stage, 0.45, 0.1));
        Assert.True(StageGate.Opens(stage, 0.5, 0.1));
        Assert.False(StageGate.Opens(stage, 0.5, 0.5));
    }

    [Fact]
    public void Second_best_full_score_considers_only_fully_evaluated_nodes()
    {
        StageResult Stage(int i, int resolved) => new() { Stage = i, Tasks = Nodes.Tasks(resolved, 10) };
        var archive = Nodes.Archive(
            new ArchiveNode { Id = "seed", Status = NodeStatus.Seed, Stages = [Stage(0, 5), Stage(1, 5)] },
            new ArchiveNode { Id = "a", ParentId = "seed", Status = NodeStatus.Admitted, Stages = [Stage(0, 9)] },
            new ArchiveNode { Id = "b", ParentId = "seed", Status = NodeStatus.Admitted, Stages = [Stage(0, 7), Stage(1, 7)] });

        Assert.Equal(0.5, StageGate.SecondBestFullScore(archive, stageCount: 2));
        Assert.Equal(0.7, StageGate.SecondBestFullScore(archive, stageCount: 1));
        Assert.Null(StageGate.SecondBestFullScore(new AgentArchive([]), 2));
    }

    [Fact]
    public void Stage_plan_is_deterministic_disjoint_language_balanced_and_split_dependent()
    {
        var tasks = Enumerable.Range(0, 30).Select(i => new PlannedTask($"t{i:D2}", i % 3 == 0 ? "python" : i % 3 == 1 ? "rust" : "java")).ToList();
        var stages = new[] { new StageSpec { Tasks = 6 }, new StageSpec { Tasks = 10 }, new StageSpec { Tasks = 100 } };

        var plan = StagePlan.Assign(tasks, stages, "default");
        var again = StagePlan.Assign(tasks.AsEnumerable().Reverse(), stages, "default");
        Assert.Equal(plan.Select(s => s.Select(t => t.Id)), again.Select(s => s.Select(t => t.Id)));
        Assert.Equal([6, 10, 14], plan.Select(s => s.Count));
        Assert.Equal(30, plan.SelectMany(s => s).Select(t => t.Id).Distinct().Count());
        Assert.All(plan[0].GroupBy(t => t.Language), g => Assert.Equal(2, g.Count()));

        var other = StagePlan.Assign(tasks, stages, "other");
        Assert.NotEqual(plan[0].Select(t => t.Id), other[0].Select(t => t.Id));
    }

    [Fact]
    public void Pinned_stages_take_their_ids_once_and_unknown_ids_are_named()
    {
        var tasks = Enumerable.Range(0, 10).Select(i => new PlannedTask($"t{i}", "python")).ToList();
        var stages = new[] { new StageSpec { Tasks = 2, TaskIds = ["t7", "t3"] }, new StageSpec { Tasks = 3, TaskIds = ["t3", "t1", "gone"] }, new StageSpec { Tasks = 2 } };

        var plan = StagePlan.Assign(tasks, stages, "default");

        Assert.Equal(["t7", "t3"], plan[0].Select(t => t.Id));
        Assert.Equal(["t1"], plan[1].Select(t => t.Id));
        Assert.Equal(2, plan[2].Count);
        Assert.DoesNotContain(plan[2], t => t.Id is "t7" or "t3" or "t1");
        Assert.Equal(["stages[1].taskIds: 'gone' is not a task of the suite"], StagePlan.UnknownTaskIds(tasks.Select(t => t.Id), stages));
    }

    [Theory]
    [InlineData("polyglot-paper.json", "polyglot", "polyglot-small.json", "polyglot-medium.json")]
    [InlineData("swebench-paper.json", "swebench", "swe_bench-small.json", "swe_bench-medium.json")]
    public void A_paper_config_pins_the_reference_subsets(string file, string suite, string small, string medium)
    {
        var config = RunConfigLoader.Load(File.ReadAllText(RepositoryRoot.Combine("infra", "configs", file)), file);
        var subsets = RepositoryRoot.Combine("..", "shared", "benchmarks", "dgm-subsets");
        Assert.True(Directory.Exists(subsets), $"The DGM subsets are missing: expected them at {Path.GetFullPath(subsets)}.");

        // Polyglot ids are <language>__<exercise> in the reference and <language>-<exercise> here; SWE-bench ids are instance ids in both.
        string[] Reference(string subset) => System.Text.Json.JsonSerializer.Deserialize<string[]>(File.ReadAllText(Path.Combine(subsets, subset)))!
            .Select(id => suite == "polyglot" ? id.Replace("__", "-", StringComparison.Ordinal) : id).ToArray();

        Assert.Equal(suite, config.Benchmark.Suite);
        Assert.Equal(Reference(small), config.Stages[0].TaskIds);
        Assert.Equal(Reference(medium), config.Stages[1].TaskIds);
        Assert.Equal(0.4, config.Stages[1].MinResolvedFraction);

        // Held out: tasks of every language the reference's lists leave out (loading refuses any a stage pins).
        if (suite == "polyglot")
        {
            Assert.Equal(["cpp", "go", "java", "javascript", "python", "rust"], config.HeldOut!.TaskIds!.Select(id => id[..id.IndexOf('-', StringComparison.Ordinal)]).Distinct());
        }
    }

    [Fact]
    public void A_pinned_stage_lists_as_many_tasks_as_it_runs()
    {
        var mismatch = Assert.Throws<RunConfigException>(() => RunConfigLoader.Load("""{"stages":[{"tasks":3,"taskIds":["a"]}]}""", "run.json"));
        Assert.Contains("stages[0].taskIds lists 1 task(s) but stages[0].tasks is 3", mismatch.Message, StringComparison.Ordinal);
    }
}
