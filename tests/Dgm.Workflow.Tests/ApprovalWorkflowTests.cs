using Dgm.Core.Archive;
using Dgm.Core.Configuration;
using Dgm.Core.Runs;
using Dgm.Workflow.Orchestrators;
using Microsoft.DurableTask.Client;

namespace Dgm.Workflow.Tests;

/// <summary>The approval gate between iterations: a run waits for a decision, goes on when approved, stops when refused or unanswered.</summary>
public sealed class ApprovalWorkflowTests : IAsyncLifetime
{
    private WorkflowHost _host = null!;

    public async Task InitializeAsync() => _host = await WorkflowHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static RunConfig Gated(double timeoutMinutes)
    {
        var config = WorkflowHost.Config(iterations: 1);
        return config with { Approval = new ApprovalSettings { Required = true, TimeoutMinutes = timeoutMinutes } };
    }

    [Fact]
    public async Task Without_an_approval_the_run_stops_after_the_seed_with_the_reason()
    {
        var run = await _host.RunAsync("unanswered", Gated(timeoutMinutes: 0.02));

        Assert.Equal(RunStatus.Stopped, run.Status);
        Assert.Equal("no approval within 0.02 minutes after iteration 0", run.StopReason);
        Assert.Equal([ArchiveNode.SeedId], (await _host.Runs.NodesAsync("unanswered")).Select(n => n.Id));
    }

    [Theory]
    [InlineData(true, RunStatus.Completed)]
    [InlineData(false, RunStatus.Stopped)]
    public async Task The_run_waits_at_the_gate_and_follows_the_decision(bool approved, RunStatus expected)
    {
        await _host.Lifecycle.StartAsync(_host.Client, Gated(timeoutMinutes: 5), "gated");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while ((await _host.Client.GetInstanceAsync("gated", getInputsAndOutputs: true, timeout.Token))?.ReadCustomStatusAs<RunProgress>()?.Phase != "waiting for approval")
        {
            await Task.Delay(50, timeout.Token);
        }

        // Nothing of iteration 1 starts before the decision.
        Assert.Null(await _host.Runs.FindNodeAsync("gated", "i1-c0"));
        await _host.Client.RaiseEventAsync("gated", RunOrchestrator.ApprovalEvent, new ApprovalDecision(approved, "reviewed"), timeout.Token);
        var run = await _host.WaitAsync("gated");

        Assert.Equal(expected, run.Status);
        if (approved)
        {
            Assert.NotNull(await _host.Runs.FindNodeAsync("gated", "i1-c0"));
        }
        else
        {
            Assert.Equal("approval refused after iteration 0: reviewed", run.StopReason);
            Assert.Null(await _host.Runs.FindNodeAsync("gated", "i1-c0"));
        }
    }
}
