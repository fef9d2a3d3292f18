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
/// changes), its benchmark suite, and the run's task plan (the same for every node of the run).
/// </summary>
public sealed class RunCatalog(RunStore runs, IToolchainProbe toolchains)
{
    private readonly ConcurrentDictionary<string, Task<RunRecord>> _runs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<BenchmarkSuite>> _suites = new(StringComparer.Ordinal);

    public RunStore Runs => runs;

    public IArtifactStore Artifacts => runs.Artifacts;

    /// <summary>
    /// The run as created, for its configuration and seed. Only the iteration count may change later (a schedule can
    /// extend a completed run), so mutable state and that count are read from <see cref="Runs"/>.
    /// </summary>
    public Task<RunRecord> RunAsync(string runId) => _runs.GetOrAdd(runId, id => runs.GetRunAsync(id));

    public async Task<RunConfig> ConfigAsync(string runId) => (await RunAsync(runId)).Config;

    public async Task<BenchmarkSuite> SuiteAsync(string runId)
    {
        var suite = (await ConfigAsync(runId)).Benchmark.Suite;
        return await _suites.GetOrAdd(suite, name => BenchmarkSuite.LoadAsync(runs.Artifacts, name));
    }

    /// <summary>Tasks per stage after skipping the tasks whose toolchain this host's sandboxes lack.</summary>
    public async Task<(IReadOnlyList<IReadOnlyList<PlannedTask>> Stages, IReadOnlyList<string> Skipped)> StagesAsync(string runId)
    {
        var config = await ConfigAsync(runId);
        var suite = await SuiteAsync(runId);
        var runnable = suite.Tasks.Where(t => toolchains.WhyNotRunnable(t) is null).Select(t => new PlannedTask(t.Id, t.Language));
        var skipped = suite.Tasks.Select(toolchains.WhyNotRunnable).OfType<string>().ToList();
        return (StagePlan.Assign(runnable, config.Stages, config.Benchmark.Split), skipped);
    }
}
