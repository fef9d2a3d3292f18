using System.Collections.Concurrent;
using Dgm.Core.Artifacts;
using Dgm.Core.Benchmarks;
using Dgm.Core.Configuration;
using Dgm.Core.Evaluation;
using Dgm.Core.Harness;
using Dgm.Core.Runs;

namespace Dgm.Workflow.Runs;

/// <summary>
/// What activities look up again and again, read once per process: a run's record (its configuration never
/// changes), its benchmark suite, its tasks' expected tests, and the run's task plan (the same for every node of the run).
/// </summary>
public sealed class RunCatalog(RunStore runs, IToolchainProbe toolchains)
{
    private readonly ConcurrentDictionary<string, Task<RunRecord>> _runs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<BenchmarkSuite>> _suites = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<IReadOnlyList<string>>> _expected = new(StringComparer.Ordinal);

    /// <summary>
    /// The run as created, for its configuration and seed. Only the iteration count may change later (a schedule can
    /// extend a completed run), so mutable state and that count are read from the run store.
    /// </summary>
    public Task<RunRecord> RunAsync(string runId) => CachedAsync(_runs, runId, id => runs.GetRunAsync(id));

    public async Task<RunConfig> ConfigAsync(string runId) => (await RunAsync(runId)).Config;

    public async Task<BenchmarkSuite> SuiteAsync(string runId)
    {
        var suite = (await ConfigAsync(runId)).Benchmark.Suite;
        return await CachedAsync(_suites, suite, name => BenchmarkSuite.LoadAsync(runs.Artifacts, name));
    }

    /// <summary>How the run's agents are built: the run's suite decides, so every build of a run is of one flavour.</summary>
    public async Task<AgentBuild> AgentBuildAsync(string runId) => AgentBuilds.For(await SuiteAsync(runId));

    /// <summary>
    /// A lookup read once per process. Only a success is kept: a failed read (a store hiccup) is forgotten, so the
    /// activity's retry reads again instead of getting the same failure for the life of the worker.
    /// </summary>
    private static async Task<T> CachedAsync<T>(ConcurrentDictionary<string, Task<T>> cache, string key, Func<string, Task<T>> read)
    {
        var lookup = cache.GetOrAdd(key, read);
        try
        {
            return await lookup;
        }
        catch
        {
            cache.TryRemove(KeyValuePair.Create(key, lookup));
            throw;
        }
    }

    /// <summary>
    /// The tests <paramref name="task"/>'s verification saw its gold patch pass, which every grade must see passed
    /// again; empty when the task has no verification on record here (the built-in suite may run without one).
    /// </summary>
    public async Task<IReadOnlyList<string>> ExpectedTestsAsync(string runId, BenchmarkTask task)
    {
        var suite = (await ConfigAsync(runId)).Benchmark.Suite;
        return await CachedAsync(_expected, $"{suite}\n{task.Id}", async _ => (await new SoundTasks(runs.Artifacts, toolchains).FindAsync(suite, task))?.ExpectedTests ?? []);
    }

    /// <summary>Tasks per stage after skipping the tasks whose toolchain this host's sandboxes lack (and the held-out tasks).</summary>
    public async Task<(IReadOnlyList<IReadOnlyList<PlannedTask>> Stages, IReadOnlyList<string> Skipped)> StagesAsync(string runId)
    {
        var (plan, skipped) = await TaskPlanAsync(runId);
        return (plan.Stages, skipped);
    }

    /// <summary>The run's held-out tasks this host's sandboxes can run.</summary>
    public async Task<IReadOnlyList<PlannedTask>> HeldOutAsync(string runId) => (await TaskPlanAsync(runId)).Plan.HeldOut;

    private async Task<(RunTaskPlan Plan, IReadOnlyList<string> Skipped)> TaskPlanAsync(string runId)
    {
        var config = await ConfigAsync(runId);
        var suite = await SuiteAsync(runId);
        var runnable = suite.Tasks.Where(t => toolchains.WhyNotRunnable(t) is null).Select(t => new PlannedTask(t.Id, t.Language));
        var skipped = suite.Tasks.Select(toolchains.WhyNotRunnable).OfType<string>().ToList();
        return (RunTaskPlan.Of(runnable, config), skipped);
    }
}
