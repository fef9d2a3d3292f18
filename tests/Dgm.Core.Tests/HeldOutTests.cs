using Dgm.Core.Configuration;
using Dgm.Core.Evaluation;

namespace Dgm.Core.Tests;

/// <summary>The held-out task set: what a configuration may ask for, and that no stage ever gets a held-out task.</summary>
public class HeldOutTests
{
    private static readonly List<PlannedTask> Tasks =
        [.. Enumerable.Range(0, 12).Select(i => new PlannedTask($"t{i}", i % 2 == 0 ? "python" : "go"))];

    private static IReadOnlyList<ConfigProblem> Problems(string json) =>
        Assert.Throws<RunConfigException>(() => RunConfigLoader.Load(json, "run.json")).Problems;

    [Fact]
    public void It_is_off_by_default()
    {
        var config = RunConfigLoader.Load("{}", "run.json");

        Assert.Null(config.HeldOut);
        Assert.Empty(RunTaskPlan.Of(Tasks, config).HeldOut);
    }

    [Fact]
    public void A_held_out_set_must_say_which_or_how_many_tasks()
    {
        var problem = Assert.Single(Problems("""{"heldOut":{}}"""));
        Assert.Equal("heldOut", problem.Path);
        Assert.Contains("tasks (how many to hold out) or taskIds", problem.Message, StringComparison.Ordinal);

        Assert.Contains(Problems("""{"heldOut":{"tasks":0}}"""), p => p.Message == "heldOut.tasks must be at least 1, got 0");
        Assert.Contains(Problems("""{"heldOut":{"taskIds":[]}}"""), p => p.Message == "heldOut.taskIds must list at least one task, got []");
        Assert.Contains(Problems("""{"heldOut":{"tasks":3,"taskIds":["a"]}}"""), p => p.Message == "heldOut.taskIds lists 1 task(s) but heldOut.tasks is 3; they must agree");
        Assert.Contains(Problems("""{"heldOut":{"taskIds":["a","a"]}}"""), p => p.Message == "heldOut.taskIds lists 'a' twice");
    }

    [Fact]
    public void A_held_out_task_can_never_be_one_a_stage_pins()
    {
        var problem = Assert.Single(Problems("""{"stages":[{"tasks":2,"taskIds":["t1","t2"]},{"tasks":1,"taskIds":["t5"]}],"heldOut":{"taskIds":["t9","t5"]}}"""));

        Assert.Equal("heldOut.taskIds", problem.Path);
        Assert.Equal("heldOut.taskIds: 't5' is also in stages[1].taskIds; a held-out task must never be one the run trains on", problem.Message);
    }

    [Fact]
    public void The_suite_must_have_the_held_out_tasks()
    {
        var pinned = RunConfigLoader.Load("""{"heldOut":{"taskIds":["t3","gone"]}}""", "run.json");
        var counted = RunConfigLoader.Load("""{"stages":[{"tasks":10,"taskIds":["t0","t1","t2","t3","t4","t5","t6","t7","t8","t9"]}],"heldOut":{"tasks":3}}""", "run.json");
        var ids = Tasks.Select(t => t.Id).ToList();

        Assert.Equal(["heldOut.taskIds: 'gone' is not a task of suite 'starter'"], RunTaskPlan.Problems(ids, "starter", pinned).Select(p => p.Message));
        Assert.Equal(["heldOut.tasks is 3 but suite 'starter' has only 2 task(s) no stage pins"], RunTaskPlan.Problems(ids, "starter", counted).Select(p => p.Message));
        Assert.Empty(RunTaskPlan.Problems(ids, "starter", counted with { HeldOut = new HeldOutSettings { Tasks = 2 } }));
    }

    [Fact]
    public void Stages_never_draw_a_held_out_task()
    {
        var pinned = RunConfigLoader.Load("""{"stages":[{"tasks":4},{"tasks":20}],"heldOut":{"taskIds":["t3","t8"]}}""", "run.json");

        var plan = RunTaskPlan.Of(Tasks, pinned);

        Assert.Equal(["t3", "t8"], plan.HeldOut.Select(t => t.Id));
        Assert.Equal(10, plan.Stages.Sum(s => s.Count));
        Assert.DoesNotContain(plan.Stages.SelectMany(s => s), t => t.Id is "t3" or "t8");
    }

    [Fact]
    public void A_counted_held_out_set_is_drawn_language_balanced_from_tasks_no_stage_pins()
    {
        var config = RunConfigLoader.Load("""{"stages":[{"tasks":2,"taskIds":["t0","t1"]},{"tasks":20}],"heldOut":{"tasks":4}}""", "run.json");

        var plan = RunTaskPlan.Of(Tasks, config);

        Assert.Equal(4, plan.HeldOut.Count);
        Assert.All(plan.HeldOut.GroupBy(t => t.Language), g => Assert.Equal(2, g.Count()));
        Assert.DoesNotContain(plan.HeldOut, t => t.Id is "t0" or "t1");
        Assert.Empty(plan.Stages.SelectMany(s => s).Select(t => t.Id).Intersect(plan.HeldOut.Select(t => t.Id)));
        Assert.Equal(Tasks.Count, plan.Stages.Sum(s => s.Count) + plan.HeldOut.Count);
        Assert.Equal(plan.HeldOut, RunTaskPlan.Of(Tasks, config).HeldOut);
    }

    [Fact]
    public void The_cost_estimate_of_an_iteration_counts_the_held_out_grading()
    {
        var config = RunConfigLoader.Load("""{"models":{"coding":{"inputPricePerMillion":1,"outputPricePerMillion":1}},"stages":[{"tasks":10}]}""", "run.json");
        decimal Solve(RunConfig c) => Budget.IterationCostEstimate.For(c, new Budget.WorkloadProfile()).Single(l => l.Item == "solve tokens").Dollars;

        Assert.Equal(1.5m * Solve(config), Solve(config with { HeldOut = new HeldOutSettings { Tasks = 5 } }));
    }
}
