using System.Collections.Concurrent;
using Dgm.Core.Configuration;
using Dgm.Core.Gateway;
using Dgm.Core.Runs;
using Dgm.Core.Sandbox;
using Dgm.Local.Artifacts;
using Dgm.Local.Engine;
using Dgm.Local.Hosting;
using Dgm.Models;
using Dgm.Testing;
using Dgm.Workflow.Orchestrators;
using Microsoft.DurableTask.Client;
using Dgm.Jobs;

namespace Dgm.Workflow.Tests;

/// <summary>The sandbox-job orchestration against a sandbox double whose jobs behave as each test scripts.</summary>
public sealed class SandboxJobTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("dgm-jobs");
    private readonly ScriptedSandbox _sandbox = new();
    private EmbeddedEngine _engine = null!;
    private RunStore _runs = null!;

    public async Task InitializeAsync()
    {
        var store = new DiskArtifactStore(_dir.Combine("store"));
        _runs = new RunStore(store);
        var config = new RunConfig { Sandbox = new SandboxSettings { WallSeconds = new JobWallSeconds { Build = 1 } }, Budget = new BudgetLimits { SandboxSeconds = 25 } };
        await _runs.CreateRunAsync(new RunRecord { RunId = "r", Config = config, SeedSnapshot = "x", SuiteManifestSha = "x", CreatedAt = DateTimeOffset.UtcNow });
        _engine = await EmbeddedEngine.StartAsync(
            registry => registry.AddDgmTasks(),
            services => services.AddDgmWorkflow(store, _sandbox, new ChatClientProvider(store, ChatClientProvider.FromEnvironment), new GatewayTokens(new byte[32]), new PathToolchainProbe([]),
                new WorkflowOptions { LongPoll = TimeSpan.Zero, DeadlineGrace = TimeSpan.FromSeconds(1) }));
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        _dir.Dispose();
    }

    private async Task<JobOutcome> RunAsync(string jobId)
    {
        var id = await _engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(SandboxJobOrchestrator), new JobRequest
        {
            RunId = "r",
            JobId = jobId,
            Kind = StepKind.Build,
            NodeId = "seed",
            SnapshotKey = "snapshots/x.tar.gz",
            PollSeconds = 0.1,
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await _engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ErrorMessage);
        return done.ReadOutputAs<JobOutcome>()!;
    }

    [Fact]
    public async Task A_finished_job_is_collected_deleted_and_settled()
    {
        _sandbox.Script["quick"] = new JobScript(PollsUntilExit: 3);
        var outcome = await RunAsync("quick");

        Assert.Equal(0, outcome.Result!.ExitCode);
        Assert.Equal(["start", "collect", "delete"], _sandbox.Calls("quick"));
        Assert.Equal(3, _sandbox.Polls["quick"]);
        var ledger = await _runs.LedgerAsync("r");
        Assert.Empty(ledger.Reserved);
        Assert.Equal(2, ledger.SpentByKind["sandbox:Build"].SandboxSeconds);
    }

    [Fact]
    public async Task A_job_that_never_ends_is_abandoned_at_its_deadline_and_still_deleted()
    {
        _sandbox.Script["stuck"] = new JobScript(PollsUntilExit: int.MaxValue);
        var started = DateTime.UtcNow;
        var outcome = await RunAsync("stuck");

        Assert.InRange((DateTime.UtcNow - started).TotalSeconds, 1.9, 30);
        Assert.True(outcome.Result!.TimedOut);
        Assert.Null(outcome.Result.ExitCode);
        Assert.Contains("abandoned and deleted", outcome.Result.Error, StringComparison.Ordinal);
        Assert.Equal(["start", "delete"], _sandbox.Calls("stuck"));
    }

    [Fact]
    public async Task A_launch_the_budget_cannot_cover_is_refused_and_nothing_starts()
    {
        // The budget holds 25 sandbox-seconds; a build's ceiling is its 1 s wall limit, so the run is not the limit here:
        // spend it down first, then one more launch must be refused before the sandbox sees it.
        await _runs.UpdateLedgerAsync("r", ledger =>
        {
            ledger.TryReserve("earlier", new Core.Budget.Spend(0, 0, 24.5));
            return true;
        });
        var outcome = await RunAsync("refused");

        Assert.Null(outcome.Result);
        Assert.Contains("budget.sandboxSeconds would be crossed", outcome.Refusal!.Message, StringComparison.Ordinal);
        Assert.Empty(_sandbox.Calls("refused"));
    }

    private sealed record JobScript(int PollsUntilExit);

    private sealed class ScriptedSandbox : ISandbox
    {
        private readonly ConcurrentQueue<(string Job, string Call)> _calls = new();

        public ConcurrentDictionary<string, JobScript> Script { get; } = new();

        public ConcurrentDictionary<string, int> Polls { get; } = new();

        public string Name => "scripted";

        public IReadOnlyList<string> Calls(string job) => _calls.Where(c => c.Job == job).Select(c => c.Call).ToList();

        public Task<SandboxJobHandle> StartAsync(SandboxJob job, CancellationToken cancellationToken = default)
        {
            _calls.Enqueue((job.Id, "start"));
            return Task.FromResult(new SandboxJobHandle(job.Id, job.RunId, Name));
        }

        public Task<SandboxJobState> PollAsync(SandboxJobHandle handle, CancellationToken cancellationToken = default)
        {
            var polls = Polls.AddOrUpdate(handle.JobId, 1, (_, n) => n + 1);
            return Task.FromResult(polls >= Script[handle.JobId].PollsUntilExit ? SandboxJobState.Exited : SandboxJobState.Running);
        }

        public Task<SandboxJobResult> CollectAsync(SandboxJobHandle handle, CancellationToken cancellationToken = default)
        {
            _calls.Enqueue((handle.JobId, "collect"));
            return Task.FromResult(new SandboxJobResult { JobId = handle.JobId, ExitCode = 0, Isolation = Name, Usage = new SandboxUsage(2, 1, 0) });
        }

        public Task DeleteAsync(SandboxJobHandle handle, CancellationToken cancellationToken = default)
        {
            _calls.Enqueue((handle.JobId, "delete"));
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<SandboxJobHandle>> ListAsync(string runId, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<SandboxJobHandle>>([]);
    }
}
