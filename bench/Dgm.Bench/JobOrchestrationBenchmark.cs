using System.Collections.Concurrent;
using System.Diagnostics;
using Dgm.Core.Artifacts;
using Dgm.Core.Configuration;
using Dgm.Core.Gateway;
using Dgm.Core.Harness;
using Dgm.Core.Models;
using Dgm.Core.Runs;
using Dgm.Core.Sandbox;
using Dgm.Local.Artifacts;
using Dgm.Local.Engine;
using Dgm.Local.Hosting;
using Dgm.Models;
using Dgm.Workflow;
using Dgm.Workflow.Orchestrators;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Dgm.Jobs;

namespace Dgm.Bench;

/// <summary>
/// What the workflow adds to every sandbox job: N no-op jobs fanned out at once through the real sandbox-job
/// orchestration (budget reservation, start, durable poll, collect, delete, settlement against the run's ledger on
/// the disk store) over a sandbox that finishes instantly. Usage: <c>dgm-bench jobs [--width N]</c>.
/// </summary>
internal static class JobOrchestrationBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var width = EngineFanOutBenchmark.Option(args, "--width", 1000);
        var root = Directory.CreateTempSubdirectory("dgm-bench-jobs-");
        try
        {
            var store = new DiskArtifactStore(Path.Combine(root.FullName, "store"));
            var runs = new RunStore(store);
            await runs.CreateRunAsync(new RunRecord { RunId = "bench", Config = new RunConfig(), SeedSnapshot = "none", SuiteManifestSha = "none", CreatedAt = DateTimeOffset.UtcNow });
            var sandbox = new InstantSandbox();
            await using var engine = await EmbeddedEngine.StartAsync(
                registry => registry.AddDgmTasks().AddOrchestrator<FanOutJobs>(),
                services => services
                    .AddSingleton<IArtifactStore>(store)
                    .AddSingleton<ISandbox>(sandbox)
                    .AddSingleton<IChatClientProvider>(new ChatClientProvider(store, ChatClientProvider.FromEnvironment))
                    .AddSingleton(new GatewayTokens(new byte[32]))
                    .AddSingleton<IToolchainProbe>(new PathToolchainProbe([]))
                    .AddDgmWorkflow(workflow => workflow.LongPoll = TimeSpan.Zero));

            var watch = Stopwatch.StartNew();
            var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutJobs), width);
            var done = await engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true);
            watch.Stop();
            if (done.ReadOutputAs<int>() != width || sandbox.Deleted.Count != width)
            {
                await Console.Error.WriteLineAsync($"{done.ReadOutputAs<int>()} of {width} jobs completed, {sandbox.Deleted.Count} deleted: {done.FailureDetails?.ErrorMessage}");
                return 1;
            }

            var spans = sandbox.Started.Select(kv => (sandbox.Deleted[kv.Key] - kv.Value).TotalMilliseconds).Order().ToList();
            Console.WriteLine($"{width} no-op sandbox jobs fanned out at once: {watch.Elapsed.TotalSeconds:0.0} s in all, {watch.Elapsed.TotalMilliseconds / width:0.0} ms per job amortized");
            Console.WriteLine($"per-job orchestration overhead (start to delete, each job): median {spans[spans.Count / 2]:0} ms, p90 {spans[spans.Count * 9 / 10]:0} ms");
            return 0;
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    /// <summary>Fans out build jobs of a snapshot nobody needs: the instant sandbox never looks at inputs.</summary>
    private sealed class FanOutJobs : TaskOrchestrator<int, int>
    {
        public override async Task<int> RunAsync(TaskOrchestrationContext context, int width)
        {
            var jobs = Enumerable.Range(0, width).Select(i => context.CallSubOrchestratorAsync<JobOutcome>(nameof(SandboxJobOrchestrator), new JobRequest
            {
                RunId = "bench",
                JobId = $"job-{i}",
                Kind = StepKind.Build,
                NodeId = "seed",
                SnapshotKey = "snapshots/none.tar.gz",
                PollSeconds = 0.1,
            }));
            return (await Task.WhenAll(jobs)).Count(j => j.Result?.ExitCode == 0);
        }
    }

    /// <summary>A sandbox whose jobs end the moment they start; it records when each was started and deleted.</summary>
    private sealed class InstantSandbox : ISandbox
    {
        public ConcurrentDictionary<string, DateTime> Started { get; } = new();

        public ConcurrentDictionary<string, DateTime> Deleted { get; } = new();

        public string Name => "instant";

        public Task<SandboxJobHandle> StartAsync(SandboxJob job, CancellationToken cancellationToken = default)
        {
            Started[job.Id] = DateTime.UtcNow;
            return Task.FromResult(new SandboxJobHandle(job.Id, job.RunId, Name));
        }

        public Task<SandboxJobState> PollAsync(SandboxJobHandle handle, CancellationToken cancellationToken = default) => Task.FromResult(SandboxJobState.Exited);

        public Task<SandboxJobResult> CollectAsync(SandboxJobHandle handle, CancellationToken cancellationToken = default) =>
            Task.FromResult(new SandboxJobResult { JobId = handle.JobId, ExitCode = 0, Isolation = Name, Usage = new SandboxUsage(0, 0, 0) });

        public Task DeleteAsync(SandboxJobHandle handle, CancellationToken cancellationToken = default)
        {
            Deleted.TryAdd(handle.JobId, DateTime.UtcNow);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<SandboxJobHandle>> ListAsync(string runId, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<SandboxJobHandle>>([]);
    }
}
