using Dgm.Core.Configuration;
using Dgm.Core.Runs;
using Dgm.Core.Sandbox;
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
        // A build job takes its flavour from the run's suite, so the run names the host's.
        var config = new RunConfig
        {
            Sandbox = new SandboxSettings { WallSeconds = new JobWallSeconds { Build = 1 } },
            Budget = new BudgetLimits { SandboxSeconds = 25 },
            Benchmark = new BenchmarkSettings { Suite = WorkflowHost.Suite },
        };
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
    public async Task A_slow_start_does_not_eat_the_wall_limit_which_counts_from_when_the_job_runs()
    {
        // Pending for about 3 s, longer than the 1 s limit plus 1 s grace; then it runs briefly and exits.
        _host.Sandbox.PendingPolls["slow-start"] = 30;
        _host.Sandbox.PollsUntilExit["slow-start"] = 3;

        var outcome = await RunAsync("slow-start");

        Assert.Equal(0, outcome.Result!.ExitCode);
        Assert.Null(outcome.Result.Error);
        Assert.Equal(["start", "collect", "delete"], _host.Sandbox.Calls("slow-start"));
        Assert.Equal(33, _host.Sandbox.Polls("slow-start"));
    }

    [Fact]
    public async Task A_job_never_started_by_the_sandbox_is_abandoned_at_the_provisioning_limit_as_a_harness_error()
    {
        _host.Sandbox.PendingPolls["never-runs"] = int.MaxValue;
        var started = DateTime.UtcNow;

        var outcome = await RunAsync("never-runs");

        Assert.InRange((DateTime.UtcNow - started).TotalSeconds, 5.9, 40);
        Assert.Null(outcome.Result!.ExitCode);
        Assert.False(outcome.Result.TimedOut);
        Assert.Contains("did not start the job within its 6 s provisioning limit", outcome.Result.Error, StringComparison.Ordinal);
        Assert.Equal(["start", "delete"], _host.Sandbox.Calls("never-runs"));
        Assert.Empty((await _host.Runs.LedgerAsync("r")).Reserved);
    }

    [Fact]
    public async Task A_sandbox_without_room_makes_the_job_wait_and_start_again_instead_of_failing_it()
    {
        var refusals = 0;
        _host.Sandbox.FailStart = job => job.Id.StartsWith("busy", StringComparison.Ordinal) && ++refusals <= 2
            ? new SandboxBusyException("container group quota 'StandardCores' exceeded in region 'westeurope'", TimeSpan.FromSeconds(0.5))
            : null;
        var started = DateTime.UtcNow;

        var outcome = await RunAsync("busy");

        Assert.Equal(0, outcome.Result!.ExitCode);
        Assert.Equal(3, refusals); // two refused, the third taken
        Assert.InRange((DateTime.UtcNow - started).TotalSeconds, 1.0, 40); // two waits of at least the 0.5 s asked for
        Assert.Equal(["start", "collect", "delete"], _host.Sandbox.Calls("busy"));
        Assert.Empty((await _host.Runs.LedgerAsync("r")).Reserved);
    }

    [Fact]
    public async Task A_sandbox_that_stays_full_ends_the_job_with_a_harness_error_and_releases_its_reservation()
    {
        _host.Sandbox.FailStart = job => job.Id == "full" ? new SandboxBusyException("no capacity in the region now") : null;

        var outcome = await RunAsync("full");

        Assert.Null(outcome.Result!.ExitCode);
        Assert.Contains("could not take the job", outcome.Result.Error, StringComparison.Ordinal);
        Assert.Contains("no capacity in the region now", outcome.Result.Error, StringComparison.Ordinal);
        Assert.Empty(_host.Sandbox.Calls("full"));
        Assert.Empty((await _host.Runs.LedgerAsync("r")).Reserved);
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
