using Dgm.Benchmarks;
using Dgm.Core.Benchmarks;
using Dgm.Core.Configuration;
using Dgm.Core.Evaluation;
using Dgm.Core.Harness;

namespace Dgm.Local.Hosting;

/// <summary>A run or evaluation that would spend budget on tasks not verified sound here; the message says what to run.</summary>
public sealed class SuiteNotSoundException(string message) : InvalidOperationException(message);

/// <summary>
/// Sound before spent: a run may use only tasks whose gold patch was verified (resolved, and the untouched workspace
/// not) in this environment. The built-in starter suite ships with the binaries and is verified by the repository's tests.
/// </summary>
internal static class SoundSuiteGate
{
    public static async Task EnsureAsync(LocalDgm dgm, RunConfig config, CancellationToken cancellationToken)
    {
        var name = config.Benchmark.Suite;
        if (name == StoreSeeding.StarterSuite || !await dgm.Store.ExistsAsync(SuiteLayout.Manifest(name), cancellationToken))
        {
            return; // the run's own start says when a suite is not imported
        }

        var suite = await BenchmarkSuite.LoadAsync(dgm.Store, name, cancellationToken);
        if (StagePlan.UnknownTaskIds(suite.Tasks.Select(t => t.Id), config.Stages) is { Count: > 0 } unknown)
        {
            throw new SuiteNotSoundException($"The configuration pins tasks suite '{name}' does not have:{Environment.NewLine}{string.Join(Environment.NewLine, unknown)}");
        }

        var probe = dgm.Toolchains;
        var runnable = suite.Tasks.Where(t => probe.WhyNotRunnable(t) is null).ToList();
        var plan = RunTaskPlan.Of(runnable.Select(t => new PlannedTask(t.Id, t.Language)), config);
        var planned = plan.Stages.SelectMany(s => s).Concat(plan.HeldOut).Select(t => suite.Task(t.Id));
        var unverified = await new SoundTasks(dgm.Store, probe).UnverifiedAsync(name, planned, cancellationToken);
        if (unverified.Count > 0)
        {
            throw new SuiteNotSoundException(
                $"{unverified.Count} task(s) of suite '{name}' that this run would use are not verified sound in this environment "
                + $"(never verified here, or the suite or a toolchain changed since): {string.Join(", ", unverified.Take(10))}{(unverified.Count > 10 ? ", …" : "")}. "
                + $"Verify them first: dgm bench verify {name}");
        }
    }
}
