using Dgm.Core.Configuration;
using Dgm.Core.Runs;
using Dgm.Jobs;
using Dgm.Workflow.Orchestrators;
using Microsoft.DurableTask.Client;

namespace Dgm.Workflow.Tests;

/// <summary>The sandbox-job orchestration against a sandbox double whose jobs behave as each test scripts.</summary>
public sealed class SandboxJobTests : IAsyncLifetime
{
    private WorkflowHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await WorkflowHost.StartAsync();
        var config = new RunConfig { Sandbox = new SandboxSettings { WallSeconds = new JobWallSeconds { Build = 1 } }, Budget = new BudgetLimits { SandboxSeconds = 25 } };
        await _host.Runs.CreateRunAsync(new RunRecord { RunId = "r", Config = config, SeedSnapshot = "x", SuiteManifestSha = "x", CreatedAt = DateTimeOffset.UtcNow });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<JobOutcome> RunAsync(string jobId)
    {
        var id = await _host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(SandboxJobOrchestrator), new JobRequest
        {
            RunId = "r",
            JobId = jobId,
            Kind = StepKind.Build,
            NodeId = "seed",
            SnapshotKey = "snapshots/x.tar.gz",
            PollSeconds = 0.1,
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await _host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ErrorMessage);
        return done.ReadOutputAs<JobOutcome>()!;
    }

    [Fact]
    public async Task A_finished_job_is_collected_deleted_and_settled()
    {
        _host.Sandbox.PollsUntilExit["quick"] = 3;
        var outcome = await RunAsync("quick");

        Assert.Equal(0, outcome.Result!.ExitCode);
        Assert.Equal(["start", "collect", "delete"], _host.Sandbox.Calls("quick"));
        Assert.Equal(3, _host.Sandbox.Polls("quick"));
        var ledger = await _host.Runs.LedgerAsync("r");
        Assert.Empty(ledger.Reserved);
        Assert.Equal(2, ledger.SpentByKind["sandbox:Build"].SandboxSeconds);
    }

    [Fact]
    public async Task A_job_that_never_ends_is_abandoned_at_its_deadline_and_still_deleted()
    {
        _host.Sandbox.PollsUntilExit["stuck"] = int.MaxValue;
        var started = DateTime.UtcNow;
        var outcome = await RunAsync("stuck");

        Assert.InRange((DateTime.UtcNow - started).TotalSeconds, 1.9, 30);
        Assert.True(outcome.Result!.TimedOut);
        Assert.Null(outcome.Result.ExitCode);
        Assert.Contains("abandoned and deleted", outcome.Result.Error, StringComparison.Ordinal);
        Assert.Equal(["start", "delete"], _host.Sandbox.Calls("stuck"));
    }

    [Fact]
    public async Task A_launch_the_budget_cannot_cover_is_refused_and_nothing_starts()
    {
        // The budget holds 25 sandbox-seconds; a build's ceiling is its 1 s wall limit, so the run is not the limit here:
        // spend it down first, then one more launch must be refused before the sandbox sees it.
        await _host.Runs.UpdateLedgerAsync("r", ledger =>
        {
            ledger.TryReserve("earlier", new Core.Budget.Spend(0, 0, 24.5));
            return true;
        });
        var outcome = await RunAsync("refused");

        Assert.Null(outcome.Result);
        Assert.Contains("budget.sandboxSeconds would be crossed", outcome.Refusal!.Message, StringComparison.Ordinal);
        Assert.Empty(_host.Sandbox.Calls("refused"));
    }
}
