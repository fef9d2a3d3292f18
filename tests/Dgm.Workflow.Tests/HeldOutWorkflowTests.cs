using Dgm.Benchmarks;
using Dgm.Core.Archive;
using Dgm.Core.Configuration;
using Dgm.Core.Runs;
using Dgm.Jobs;
using Dgm.Workflow.Orchestrators;
using Microsoft.DurableTask.Client;

namespace Dgm.Workflow.Tests;

/// <summary>
/// The held-out reward-hacking check on scripted runs (no AI): admitted nodes are graded on tasks they never train on,
/// through the same jobs as their stages, and nothing that selects, admits or diagnoses ever sees those tasks.
/// </summary>
public sealed class HeldOutWorkflowTests : IAsyncLifetime
{
    private const string Suite = "scripted-held-out";
    private const string HeldOutTask = "held-secret";

    private WorkflowHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await WorkflowHost.StartAsync();
        await SuiteStore.WriteAsync(_host.Store, new ImportedSuite(Suite, "two stage tasks and a held-out one",
            [WorkflowHost.ScriptedTask("t-a"), WorkflowHost.ScriptedTask("t-b"), WorkflowHost.ScriptedTask(HeldOutTask)], []));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static RunConfig Config(string heldOut) => RunConfigLoader.Load(
        $$"""
        {
          "iterations": 1, "childrenPerIteration": 1,
          "stages": [ { "tasks": 2 } ],
          "heldOut": {{heldOut}},
          "benchmark": { "suite": "{{Suite}}" },
          "sandbox": { "pollSeconds": 0.1, "wallSeconds": { "selfModify": 20, "build": 20, "solve": 20, "grade": 20 } }
        }
        """,
        "held-out config");

    [Fact]
    public async Task Admitted_nodes_are_graded_on_held_out_tasks_apart_from_their_stages_and_the_diagnosis_never_sees_them()
    {
        // The seed fails t-b and the held-out task, so a diagnosis that could see held-out outcomes would pick it too.
        _host.Sandbox.Report = job => job is { Job.Kind: StepKind.Grade, NodeId: ArchiveNode.SeedId, TaskId: "t-b" or HeldOutTask }
            ? new StepReport { Kind = StepKind.Grade, Grade = new GradeReport { ChangedPaths = ["solution.py"], Tests = ScriptedSandbox.Ran(exitCode: 1) } }
            : ScriptedSandbox.Succeeded(job);

        var run = await _host.RunAsync("held-out", Config($$"""{ "taskIds": ["{{HeldOutTask}}"] }"""));

        Assert.Equal(RunStatus.Completed, run.Status);
        var archive = await _host.Runs.ArchiveAsync("held-out");
        Assert.Equal(2, archive.Count);
        foreach (var id in archive.Nodes.Select(n => n.Id))
        {
            var node = await _host.Runs.GetNodeAsync("held-out", id);
            Assert.Equal(["t-a", "t-b"], node.Outcomes.Select(t => t.TaskId).Order());
            var heldOut = await _host.Runs.FindHeldOutAsync("held-out", id);
            Assert.NotNull(heldOut);
            Assert.Equal([HeldOutTask], heldOut.Planned);
            Assert.Equal(HeldOutTask, Assert.Single(heldOut.Tasks).TaskId);
            Assert.Equal(id == ArchiveNode.SeedId ? new AttemptCounts(0, 1) : new AttemptCounts(1, 1), heldOut.Counts);
        }

        // Graded through the same solve and grade jobs as any stage task.
        Assert.Contains("collect", _host.Sandbox.Calls($"{ArchiveNode.SeedId}-solve-{HeldOutTask}-a0"));
        Assert.Contains("collect", _host.Sandbox.Calls($"i1-c0-grade-{HeldOutTask}-a0"));
        Assert.Equal(0.5, (await _host.Runs.GetNodeAsync("held-out", ArchiveNode.SeedId)).Accuracy);

        Assert.Single(_host.Models.Requests);
        Assert.Contains(_host.Models.Requests, r => r.Contains("solve t-b", StringComparison.Ordinal));
        Assert.All(_host.Models.Requests, r => Assert.DoesNotContain(HeldOutTask, r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Held_out_grades_already_recorded_are_kept_and_never_graded_again()
    {
        await _host.RunAsync("regrade", Config($$"""{ "taskIds": ["{{HeldOutTask}}"] }""") with { Iterations = 0 });
        var job = $"{ArchiveNode.SeedId}-solve-{HeldOutTask}-a0";
        var recorded = await _host.Store.GetAsync(Core.Artifacts.ArtifactKeys.HeldOut("regrade", ArchiveNode.SeedId));
        Assert.Single(_host.Sandbox.Calls(job), "start");

        // As a resumed iteration would: grade the seed's held-out tasks again.
        var instance = await _host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(HeldOutOrchestrator), new HeldOutInput("regrade", ArchiveNode.SeedId, 0.1));
        var done = await _host.Client.WaitForInstanceCompletionAsync(instance, getInputsAndOutputs: true);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(new HeldOutSummary(ArchiveNode.SeedId, 1, 1, null), done.ReadOutputAs<HeldOutSummary>());
        Assert.Single(_host.Sandbox.Calls(job), "start");
        Assert.Equal(recorded!.Sha256, (await _host.Store.GetAsync(Core.Artifacts.ArtifactKeys.HeldOut("regrade", ArchiveNode.SeedId)))!.Sha256);
    }

    [Fact]
    public async Task A_run_whose_suite_cannot_give_the_held_out_tasks_is_refused_before_it_starts()
    {
        var ex = await Assert.ThrowsAsync<RunConfigException>(() => _host.RunAsync("refused", Config("""{ "taskIds": ["nowhere"] }""")));

        Assert.Contains($"heldOut.taskIds: 'nowhere' is not a task of suite '{Suite}'", ex.Message, StringComparison.Ordinal);
        Assert.Null(await _host.Runs.FindRunAsync("refused"));
    }
}
