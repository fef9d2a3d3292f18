using Dgm.Core.Archive;
using Dgm.Core.Configuration;
using Dgm.Core.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace Dgm.Workflow.Tests;

/// <summary>The steady loop: children start as others end, each is committed once on its own, and a restarted run loses and repeats none.</summary>
public sealed class SteadyLoopTests : IAsyncLifetime
{
    private WorkflowHost _host = null!;

    public async Task InitializeAsync() => _host = await WorkflowHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static RunConfig Steady(int iterations, int children, int? inFlight = null) =>
        WorkflowHost.Config(iterations, children) with { Loop = LoopKind.Steady, MaxChildrenInFlight = inFlight };

    /// <summary>The child each iteration record commits, in commit order (the seed's record has none).</summary>
    private async Task<List<string>> CommittedAsync(string runId) =>
        (await _host.Runs.IterationsAsync(runId)).SelectMany(i => i.Plans).Select(p => p.ChildId).ToList();

    [Fact]
    public async Task Every_child_is_committed_once_in_a_record_of_its_own_and_the_run_completes()
    {
        var run = await _host.RunAsync("steady", Steady(iterations: 2, children: 2));

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("all 4 children ran", run.StopReason);
        var iterations = await _host.Runs.IterationsAsync("steady");
        Assert.Equal([0, 1, 2, 3, 4], iterations.Select(i => i.Iteration));
        Assert.All(iterations.Skip(1), i => Assert.Single(i.Children));
        Assert.Equal(["c1", "c2", "c3", "c4"], (await CommittedAsync("steady")).Order());
        var archive = await _host.Runs.ArchiveAsync("steady");
        Assert.Equal(["c1", "c2", "c3", "c4", ArchiveNode.SeedId], archive.Nodes.Select(n => n.Id).Order(StringComparer.Ordinal));
        Assert.Equal(5, iterations[^1].ArchiveSize);
        Assert.Empty((await _host.Runs.LedgerAsync("steady")).Reserved);
    }

    [Fact]
    public async Task A_slow_child_does_not_hold_back_the_children_after_it()
    {
        // c1's self-modification runs for about 4 s; every other job ends at its first poll.
        _host.Sandbox.PollsUntilExit["c1-selfmodify"] = 40;

        var run = await _host.RunAsync("slow", Steady(iterations: 3, children: 1, inFlight: 2));

        Assert.Equal(RunStatus.Completed, run.Status);
        // c2 and c3 start and end while c1 still runs; in generations the fleet would wait for c1 each time.
        var committed = await CommittedAsync("slow");
        Assert.Equal(["c2", "c3", "c1"], committed);
        var plans = (await _host.Runs.IterationsAsync("slow")).SelectMany(i => i.Plans).ToDictionary(p => p.ChildId);
        Assert.Contains(plans["c3"].ParentId, new[] { ArchiveNode.SeedId, "c2" });
    }

    [Fact]
    public async Task The_gate_lets_one_generation_of_children_start_per_approval()
    {
        var config = Steady(iterations: 2, children: 2) with { Approval = new ApprovalSettings { Required = true, TimeoutMinutes = 5 } };
        await _host.Lifecycle.StartAsync(_host.Client, config, "gated");
        for (var approvals = 0; approvals < 2; approvals++)
        {
            // The gate opens again only once both children it let start are committed, and no third child starts before.
            await WaitForGateAsync("gated", committed: approvals * 2);
            Assert.Null(await _host.Runs.FindNodeAsync("gated", $"c{(approvals * 2) + 1}"));
            await _host.Client.RaiseEventAsync("gated", Orchestrators.RunOrchestrator.ApprovalEvent, new ApprovalDecision(true, "go on"));
        }

        var run = await _host.WaitAsync("gated");
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(4, (await CommittedAsync("gated")).Count);
    }

    [Fact]
    public async Task When_the_budget_runs_out_no_child_starts_and_every_started_child_is_committed()
    {
        var config = Steady(iterations: 20, children: 1, inFlight: 2);
        var run = await _host.RunAsync("spent", config with { Budget = config.Budget with { SandboxSeconds = 60 } });

        Assert.Equal(RunStatus.Stopped, run.Status);
        Assert.StartsWith("budget exhausted in child c", run.StopReason, StringComparison.Ordinal);
        var started = await _host.Host.Services.GetRequiredService<Runs.SteadyRecords>().StartedAsync("spent");
        Assert.InRange(started.Count, 1, 19);
        Assert.Equal(started.Select(ChildPlan.SteadyIdFor).Order(StringComparer.Ordinal), (await CommittedAsync("spent")).Order(StringComparer.Ordinal));
        Assert.Empty((await _host.Runs.LedgerAsync("spent")).Reserved);
    }

    [Fact]
    public async Task A_run_restarted_mid_flight_commits_every_child_exactly_once()
    {
        _host.Sandbox.PollsUntilExit["c3-selfmodify"] = 30;
        await _host.Lifecycle.StartAsync(_host.Client, Steady(iterations: 4, children: 1, inFlight: 2), "killed");
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
        {
            while ((await _host.Runs.FindNodeAsync("killed", "c2", timeout.Token)) is null || await _host.Runs.FindNodeAsync("killed", "c3", timeout.Token) is not null)
            {
                await Task.Delay(20, timeout.Token);
            }
        }

        // The process dies with c3 in flight: only the store survives.
        var store = _host.Store;
        await _host.DisposeAsync();
        _host = await WorkflowHost.StartAsync(store);
        var resumed = await _host.Lifecycle.ResumeAsync(_host.Client, "killed");
        var run = await _host.WaitAsync("killed");

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.True(resumed.FromIteration >= 1);
        var committed = await CommittedAsync("killed");
        Assert.Equal(["c1", "c2", "c3", "c4"], committed.Order());
        Assert.Equal(Enumerable.Range(0, 5), (await _host.Runs.IterationsAsync("killed")).Select(i => i.Iteration));
        var archive = await _host.Runs.ArchiveAsync("killed");
        Assert.Equal(archive.Count, archive.Nodes.Select(n => n.Id).Distinct().Count());
    }

    private async Task WaitForGateAsync(string runId, int committed)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while ((await _host.Client.GetInstanceAsync(runId, getInputsAndOutputs: true, timeout.Token))?.ReadCustomStatusAs<RunProgress>()?.Phase != "waiting for approval"
            || (await CommittedAsync(runId)).Count != committed)
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}
