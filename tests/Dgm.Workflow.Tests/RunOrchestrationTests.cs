using System.Text.Json;
using Dgm.Core;
using Dgm.Core.Archive;
using Dgm.Core.Artifacts;
using Dgm.Core.Benchmarks;
using Dgm.Core.Diagnosis;
using Dgm.Core.Randomness;
using Dgm.Core.Runs;
using Dgm.Core.Selection;
using Dgm.Jobs;

namespace Dgm.Workflow.Tests;

/// <summary>Whole runs of the workflow over scripted jobs: what is admitted and recorded, and how failures end up.</summary>
public sealed class RunOrchestrationTests : IAsyncLifetime
{
    private WorkflowHost _host = null!;

    public async Task InitializeAsync() => _host = await WorkflowHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>Every record of the run with the hash of its content.</summary>
    private async Task<Dictionary<string, string>> RecordsAsync(string runId)
    {
        var records = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var key in _host.Store.ListAsync(Core.Artifacts.ArtifactKeys.RunPrefix(runId)))
        {
            records[key] = (await _host.Store.GetAsync(key))!.Sha256;
        }

        return records;
    }

    [Fact]
    public async Task Children_that_build_and_grade_are_admitted_and_every_iteration_is_committed()
    {
        // The seed solves t-a only; every child solves both.
        _host.Sandbox.Report = job => job is { Job.Kind: StepKind.Grade, NodeId: ArchiveNode.SeedId, TaskId: "t-b" }
            ? new StepReport { Kind = StepKind.Grade, Grade = new GradeReport { ChangedPaths = ["solution.py"], Tests = ScriptedSandbox.Ran(exitCode: 1) } }
            : ScriptedSandbox.Succeeded(job);

        var run = await _host.RunAsync("scripted", WorkflowHost.Config(iterations: 2));

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal([ArchiveNode.SeedId, "i1-c0", "i2-c0"], (await _host.Runs.ArchiveAsync("scripted")).Nodes.Select(n => n.Id));
        Assert.Equal(0.5, (await _host.Runs.GetNodeAsync("scripted", ArchiveNode.SeedId)).Accuracy);
        var child = await _host.Runs.GetNodeAsync("scripted", "i1-c0");
        Assert.Equal(NodeStatus.Admitted, child.Status);
        Assert.Equal(1.0, child.Accuracy);
        Assert.Contains("editor cannot replace a snippet", child.ProblemStatement, StringComparison.Ordinal);
        Assert.Equal("i1-c0", run.BestNodeId);
        Assert.Equal([0, 1, 2], (await _host.Runs.IterationsAsync("scripted")).Select(i => i.Iteration));
        Assert.Empty((await _host.Runs.LedgerAsync("scripted")).Reserved);
    }

    [Fact]
    public async Task A_retried_commit_adds_nothing_and_rewrites_no_record()
    {
        var run = await _host.RunAsync("retried", WorkflowHost.Config(iterations: 2, children: 2));
        Assert.Equal(RunStatus.Completed, run.Status);
        var before = await RecordsAsync("retried");
        Assert.Equal([0, 1, 2], before.Keys.Where(k => k.Contains("/archive-index/", StringComparison.Ordinal)).Select(k => int.Parse(k[(k.LastIndexOf('/') + 1)..^5], System.Globalization.CultureInfo.InvariantCulture)).Order());

        // Durable may run an activity twice: every commit of the run, again.
        var commit = new Activities.CommitIterationActivity(_host.Runs, TimeProvider.System);
        foreach (var record in await _host.Runs.IterationsAsync("retried"))
        {
            var output = await commit.RunAsync(null!, new CommitInput("retried", record.Iteration, record.Plans, record.Children, record.Refused));
            Assert.Equal(record.Admitted, output.Record.Admitted);
        }

        Assert.Equal(before, await RecordsAsync("retried"));
        var archive = await _host.Runs.ArchiveAsync("retried");
        Assert.Equal(archive.Count, archive.Nodes.Select(n => n.Id).Distinct().Count());
        Assert.Equal((await _host.Runs.IterationsAsync("retried"))[^1].ArchiveSize, archive.Count);
    }

    [Fact]
    public async Task A_run_committed_before_the_archive_index_is_extended_from_its_archive()
    {
        var config = WorkflowHost.Config(iterations: 2, children: 2);
        await _host.RunAsync("older", config);
        // The folder as commits wrote it before the archive index: each iteration's admitted node records, whole.
        foreach (var record in await _host.Runs.IterationsAsync("older"))
        {
            var admitted = await Task.WhenAll(record.Admitted.Select(id => _host.Runs.GetNodeAsync("older", id)));
            await _host.Store.PutAsync(ArtifactKeys.ArchiveSegment("older", record.Iteration), JsonSerializer.SerializeToUtf8Bytes(admitted, DgmJson.Compact));
            await _host.Store.DeleteAsync(ArtifactKeys.ArchiveIndex("older", record.Iteration));
        }

        var archive = await _host.Runs.ArchiveAsync("older");
        var picks = ParentSelection.Select(archive, config.Selection, config.ChildrenPerIteration, config.Seed, iteration: 3);

        Assert.True(await _host.Lifecycle.ExtendAsync(_host.Client, "older", moreIterations: 1));
        Assert.Equal(RunStatus.Completed, (await _host.WaitAsync("older")).Status);

        // Iteration 3 drew its parents from the old archive and chose each diagnosis from the parent's own record.
        var third = (await _host.Runs.FindIterationAsync("older", 3))!;
        var style = DiagnosisStyles.Of(await BenchmarkSuite.LoadAsync(_host.Store, WorkflowHost.Suite));
        foreach (var (pick, plan) in picks.Zip(third.Plans))
        {
            var parent = await _host.Runs.GetNodeAsync("older", pick.ParentId);
            Assert.Equal(pick.ParentId, plan.ParentId);
            Assert.Equal(parent.SnapshotHash, plan.ParentSnapshot);
            Assert.Equal(DiagnosisEntryChooser.Choose([.. parent.Outcomes], style, DeterministicRandom.For(config.Seed, 3, plan.Slot, "entry")), plan.Entry);
        }

        Assert.Equal([.. archive.Nodes.Select(n => n.Id), .. third.Admitted], (await _host.Runs.ArchiveAsync("older")).Nodes.Select(n => n.Id));
        Assert.True(await _host.Store.ExistsAsync(ArtifactKeys.ArchiveIndex("older", 3)));
    }

    [Fact]
    public async Task A_grading_error_is_graded_once_more_and_the_second_verdict_stands()
    {
        // The seed's first grade of t-b fails on the harness's side; its second grade passes. t-a errs both times.
        _host.Sandbox.Report = job => job switch
        {
            { Job.Kind: StepKind.Grade, NodeId: ArchiveNode.SeedId, TaskId: "t-b" } when !job.Job.Id.EndsWith("-again", StringComparison.Ordinal) =>
                new StepReport { Kind = StepKind.Grade, Failure = "the hidden tests could not be copied in" },
            { Job.Kind: StepKind.Grade, NodeId: ArchiveNode.SeedId, TaskId: "t-a" } =>
                new StepReport { Kind = StepKind.Grade, Failure = "the hidden tests could not be copied in" },
            _ => ScriptedSandbox.Succeeded(job),
        };

        await _host.RunAsync("regraded", WorkflowHost.Config(iterations: 1));

        var seed = await _host.Runs.GetNodeAsync("regraded", ArchiveNode.SeedId);
        var attempts = seed.Stages.SelectMany(s => s.Tasks).ToDictionary(t => t.TaskId, t => Assert.Single(t.Attempts));
        Assert.Equal(AttemptStatus.Resolved, attempts["t-b"].Status);
        Assert.Equal(AttemptStatus.Error, attempts["t-a"].Status);
        Assert.Equal("the hidden tests could not be copied in", attempts["t-a"].Error);
        Assert.Contains("collect", _host.Sandbox.Calls($"{ArchiveNode.SeedId}-grade-t-a-a0-again"));
        Assert.Contains("collect", _host.Sandbox.Calls($"{ArchiveNode.SeedId}-grade-t-b-a0-again"));
        Assert.Contains("collect", _host.Sandbox.Calls("i1-c0-grade-t-b-a0"));
        Assert.Empty(_host.Sandbox.Calls("i1-c0-grade-t-b-a0-again"));
    }

    [Fact]
    public async Task The_diagnosis_reads_the_parents_source_and_the_failed_tasks_hidden_tests()
    {
        _host.Sandbox.Report = job => job is { Job.Kind: StepKind.Grade, TaskId: "t-b" }
            ? new StepReport { Kind = StepKind.Grade, Grade = new GradeReport { ChangedPaths = ["solution.py"], Tests = ScriptedSandbox.Ran(exitCode: 1) } }
            : ScriptedSandbox.Succeeded(job);

        await _host.RunAsync("diagnosed", WorkflowHost.Config(iterations: 1));

        // The exercise-style entry draws from the failed tasks only, so the seed's t-b is diagnosed whatever the question.
        var request = _host.Models.LastRequest!;
        Assert.Contains("## Run/AgentLoop.cs", request, StringComparison.Ordinal);
        Assert.Contains("## SUMMARY.md", request, StringComparison.Ordinal);
        Assert.DoesNotContain("## SelfTest/", request, StringComparison.Ordinal);
        Assert.Contains("### test_t-b.py", request, StringComparison.Ordinal);
        Assert.Contains("def test_t_b_hidden()", request, StringComparison.Ordinal);
        Assert.Contains("solve t-b", request, StringComparison.Ordinal);
        Assert.Contains("(recorded by the harness)\n\nUnresolved: the hidden tests did not all pass.", request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_job_step_and_admission_is_traced_with_its_run_node_and_job()
    {
        var spans = new System.Collections.Concurrent.ConcurrentBag<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == Core.DgmTelemetry.SourceName,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllData,
            ActivityStopped = spans.Add,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);

        await _host.RunAsync("traced", WorkflowHost.Config(iterations: 1));

        var ofRun = spans.Where(s => (string?)s.GetTagItem("dgm.run") == "traced").ToList();
        Assert.Equal(ofRun.Count(s => s.OperationName == "sandbox.start"), ofRun.Count(s => s.OperationName == "sandbox.delete"));
        Assert.Contains(ofRun, s => s.OperationName == "sandbox.start" && (string?)s.GetTagItem("dgm.job.kind") == "Grade" && (string?)s.GetTagItem("dgm.node") == "i1-c0");
        Assert.Contains(ofRun, s => s.OperationName == "sandbox.collect" && s.GetTagItem("dgm.exit_code") is 0);
        Assert.Contains(ofRun, s => s.OperationName == "admission" && (string?)s.GetTagItem("dgm.node") == "i1-c0" && (string?)s.GetTagItem("dgm.status") == "Admitted");
    }

    [Fact]
    public async Task A_grading_the_harness_could_not_do_is_an_error_never_held_against_the_agent()
    {
        // The runner could not commit the base of one of the child's grading workspaces.
        _host.Sandbox.Report = job => job is { Job.Kind: StepKind.Grade, NodeId: "i1-c0", TaskId: "t-b" }
            ? new StepReport { Kind = StepKind.Grade, Failure = "git commit failed (exit 128): disk full" }
            : ScriptedSandbox.Succeeded(job);

        await _host.RunAsync("infra", WorkflowHost.Config(iterations: 1));

        var child = await _host.Runs.GetNodeAsync("infra", "i1-c0");
        var failed = child.Outcomes.Single(t => t.TaskId == "t-b").Attempts.Single();
        Assert.Equal(AttemptStatus.Error, failed.Status);
        Assert.Contains("git commit failed", failed.Error, StringComparison.Ordinal);
        Assert.Equal(AttemptStatus.Resolved, child.Outcomes.Single(t => t.TaskId == "t-a").Attempts.Single().Status);
    }

    [Fact]
    public async Task A_run_whose_orchestration_fails_says_so_itself()
    {
        _host.Sandbox.FailStart = _ => new InvalidOperationException("the sandbox backend is down");

        var run = await _host.RunAsync("broken", WorkflowHost.Config(iterations: 1));

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("the sandbox backend is down", run.StopReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_that_rejects_the_diagnosis_request_fails_the_run_with_its_words_at_once()
    {
        _host.Models.RejectWith = "https://ai.example/ answered 400 Bad Request for 'diag': Unsupported parameter: 'max_tokens'";

        var run = await _host.RunAsync("rejected", WorkflowHost.Config(iterations: 1));

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("Unsupported parameter: 'max_tokens'", run.StopReason, StringComparison.Ordinal);
        Assert.Equal(1, _host.Models.Calls);
    }

    [Fact]
    public async Task A_store_hiccup_is_retried_by_the_activity_and_not_remembered()
    {
        // The suite fails to load twice when evaluation first plans with it: a remembered failure would fail the run.
        await _host.Lifecycle.StartAsync(_host.Client, WorkflowHost.Config(iterations: 1), "hiccup");
        _host.Store.FailReads(Core.Benchmarks.SuiteLayout.Manifest(WorkflowHost.Suite), 2);

        var run = await _host.WaitAsync("hiccup");

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(2, _host.Store.FailedReads);
    }
}
