using Dgm.Benchmarks;
using Dgm.Core.Artifacts;
using Dgm.Core.Benchmarks;
using Dgm.Core.Configuration;
using Dgm.Core.Gateway;
using Dgm.Core.Harness;
using Dgm.Core.Models;
using Dgm.Core.Runs;
using Dgm.Core.Sandbox;
using Dgm.Jobs.Archives;
using Dgm.Local.Engine;
using Dgm.Workflow;
using Dgm.Workflow.Runs;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Dgm.Testing;

/// <summary>
/// The DGM's orchestrators and activities on the local host's embedded engine, over an in-memory store, a scripted
/// sandbox and scripted model answers: the workflow's own logic, without sandboxes, disks or models. (The package's
/// test host throttles activities to the processor count, which made these tests wait, not work.)
/// </summary>
public sealed class WorkflowHost : IAsyncDisposable
{
    public const string Suite = "scripted";

    private WorkflowHost(EmbeddedEngine host, MemoryArtifactStore store, ScriptedSandbox sandbox)
    {
        Host = host;
        Store = store;
        Sandbox = sandbox;
    }

    public EmbeddedEngine Host { get; }

    public MemoryArtifactStore Store { get; }

    public ScriptedSandbox Sandbox { get; }

    public DurableTaskClient Client => Host.Client;

    public ScriptedModels Models => Host.Services.GetRequiredService<ScriptedModels>();

    public RunStore Runs => Host.Services.GetRequiredService<RunStore>();

    public RunLifecycle Lifecycle => Host.Services.GetRequiredService<RunLifecycle>();

    /// <summary>Starts a host over a new store, or over <paramref name="store"/> as a restarted process would.</summary>
    public static async Task<WorkflowHost> StartAsync(MemoryArtifactStore? store = null)
    {
        if (store is null)
        {
            store = new MemoryArtifactStore();
            await SuiteStore.WriteAsync(store, new ImportedSuite(Suite, "two scripted tasks", [ScriptedTask("t-a"), ScriptedTask("t-b")], []));
        }

        var sandbox = new ScriptedSandbox(store);
        var host = await EmbeddedEngine.StartAsync(
            registry => registry.AddDgmTasks(),
            services => services
                .AddLogging()
                .AddSingleton<IArtifactStore>(store)
                .AddSingleton<ISandbox>(sandbox)
                .AddSingleton<ScriptedModels>()
                .AddSingleton<IChatClientProvider>(sp => sp.GetRequiredService<ScriptedModels>())
                .AddSingleton(new GatewayTokens(new byte[32]))
                .AddSingleton<IToolchainProbe, EveryToolchain>()
                .AddSingleton(RepositoryRoot.BuiltIns)
                .AddDgmWorkflow(workflow =>
                {
                    workflow.LongPoll = TimeSpan.Zero;
                    workflow.DeadlineGrace = TimeSpan.FromSeconds(1);
                    workflow.ProvisionLimit = TimeSpan.FromSeconds(6);
                    workflow.BusyBackoff = TimeSpan.FromSeconds(0.2);
                    workflow.BusyAttempts = 4;
                }));
        return new WorkflowHost(host, store, sandbox);
    }

    /// <summary>A run of the scripted suite: one stage of both tasks, keep_all, polls every 0.1 s.</summary>
    public static RunConfig Config(int iterations, int children = 1) => RunConfigLoader.Load(
        $$"""
        {
          "iterations": {{iterations}}, "childrenPerIteration": {{children}},
          "stages": [ { "tasks": 2 } ],
          "benchmark": { "suite": "{{Suite}}" },
          "sandbox": { "pollSeconds": 0.1, "wallSeconds": { "selfModify": 20, "build": 20, "solve": 20, "grade": 20 } }
        }
        """,
        "scripted config");

    /// <summary>Starts a run and waits for it to end.</summary>
    public async Task<RunRecord> RunAsync(string runId, RunConfig config)
    {
        await Lifecycle.StartAsync(Client, config, runId);
        return await WaitAsync(runId);
    }

    /// <summary>Waits for a run's orchestration and its record to end (three minutes at most, unless told).</summary>
    public async Task<RunRecord> WaitAsync(string runId, TimeSpan? limit = null)
    {
        using var timeout = new CancellationTokenSource(limit ?? TimeSpan.FromMinutes(3));
        while (true)
        {
            var instance = await Client.WaitForInstanceCompletionAsync(runId, timeout.Token);
            var run = await Runs.GetRunAsync(runId, timeout.Token);
            if (run.Status != RunStatus.Running)
            {
                return run;
            }

            if (instance.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            {
                throw new InvalidOperationException($"Run '{runId}' is recorded as running but its orchestration is {instance.RuntimeStatus}: {instance.FailureDetails?.ErrorMessage}");
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();

    /// <summary>A python task whose hidden test file is <c>test_{id}.py</c> and whose problem statement is "solve {id}".</summary>
    public static ImportedTask ScriptedTask(string id)
    {
        using var hidden = new TempDirectory("hidden");
        File.WriteAllText(hidden.Combine($"test_{id}.py"), $"def test_{id.Replace('-', '_')}_hidden(): assert solve()\n");
        return new(
            new BenchmarkTask { Id = id, Language = "python", TestCommand = "pytest", ProblemStatement = $"solve {id}", HasGoldPatch = true },
            Workspace: [],
            Hidden: TarPacker.Pack(hidden.Path),
            HiddenPatch: null,
            Gold: "diff");
    }

    private sealed class EveryToolchain : IToolchainProbe
    {
        public bool IsAvailable(string command) => true;
    }
}
