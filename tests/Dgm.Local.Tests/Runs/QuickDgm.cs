using Dgm.Benchmarks;
using Dgm.Core.Configuration;
using Dgm.Core.Harness;
using Dgm.Local.Hosting;
using Dgm.Testing;
using Dgm.Workflow;

namespace Dgm.Local.Tests.Runs;

/// <summary>
/// One local DGM for the workflow tests, on a small suite of four fast starter tasks (Python and JavaScript) with the
/// demo cassette: the replay model (scripted, no AI) drives real builds, sandboxes and grading. Runs share the store,
/// so a snapshot built by one test is reused by the next (builds are content-addressed).
/// </summary>
public sealed class QuickDgm : IAsyncLifetime
{
    public static readonly string[] Tasks = ["py-duration-parse", "py-lru-cache", "js-csv-quotes", "js-semver-sort"];

    private readonly TempDirectory _data = new("dgm-workflow");

    public LocalDgm Dgm { get; private set; } = null!;

    public RunLauncher Launcher { get; private set; } = null!;

    public string DataDirectory => _data.Path;

    /// <summary>Two stages of two tasks, polls kept short; iterations and children per test.</summary>
    public static RunConfig Config(int iterations, int children, long seed = 0, params KeyValuePair<string, string>[] overrides) =>
        RunConfigLoader.Load(
            $$"""
            {
              "childrenPerIteration": {{children}},
              "iterations": {{iterations}},
              "stages": [ { "tasks": 2 }, { "tasks": 2, "minResolvedFraction": 0.5 } ],
              "maxParallelJobs": 2,
              "benchmark": { "suite": "quick" },
              "sandbox": { "wallSeconds": { "selfModify": 120, "build": 240, "solve": 120, "grade": 120 }, "memoryMb": 2048, "diskMb": 1024, "pollSeconds": 0.2 },
              "seed": {{seed}}
            }
            """,
            "quick config",
            overrides);

    public async Task InitializeAsync()
    {
        var suite = StarterSubset.Write(_data.Path, "quick", Tasks);

        Dgm = await LocalDgm.StartAsync(new LocalDgmOptions
        {
            DataDirectory = Path.Combine(_data.Path, "data"),
            ConfigureWorkflow = TestWorkflow.Quick,
            BuiltIns = RepositoryRoot.BuiltIns,
        });
        var imported = FolderSuiteReader.Read(suite);
        await SuiteStore.WriteAsync(Dgm.Store, imported);

        // These are starter tasks, whose soundness the starter suite's own verification test proves; recording them
        // spares each run test a verification, while the gate itself stays on.
        var sound = new SoundTasks(Dgm.Store, Dgm.Toolchains);
        foreach (var task in imported.Tasks)
        {
            await sound.RecordAsync("quick", task.Task, expectedTests: [], passesUntouched: false);
        }

        Launcher = new RunLauncher(Dgm);
    }

    /// <summary>Starts a run and follows it to its end.</summary>
    public async Task<RunOutcome> RunAsync(string runId, RunConfig config)
    {
        await Launcher.StartAsync(config, runId);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        return await Launcher.WaitAsync(runId, null, timeout.Token);
    }

    public async Task DisposeAsync()
    {
        await Dgm.DisposeAsync();
        _data.Dispose();
    }
}

[CollectionDefinition(nameof(QuickDgm))]
public sealed class QuickDgmGroup : ICollectionFixture<QuickDgm>;
