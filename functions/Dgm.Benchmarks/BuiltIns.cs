using Dgm.Core.Artifacts;
using Dgm.Core.Configuration;

namespace Dgm.Benchmarks;

/// <summary>Where a host's built-in seed agent and starter suite are: the copies shipped next to its binaries, or any folders.</summary>
public sealed record BuiltIns(string SeedAgentDirectory, string StarterSuiteDirectory)
{
    public static BuiltIns NextToBinaries() =>
        new(Path.Combine(AppContext.BaseDirectory, "seed-agent"), Path.Combine(AppContext.BaseDirectory, "benchmarks", "starter"));

    /// <summary>Puts the suite and the seed snapshot of a run of <paramref name="config"/> in the store; returns their hashes.</summary>
    public async Task<(string Seed, string Suite)> PrepareAsync(IArtifactStore store, RunConfig config, CancellationToken cancellationToken = default)
    {
        var suite = await EnsureSuiteAsync(store, config.Benchmark.Suite, cancellationToken);
        var seed = await StoreSeeding.SnapshotAgentAsync(store, SeedAgentDirectory, cancellationToken);
        return (seed, suite);
    }

    /// <summary>
    /// Makes a suite named in any command usable: a built-in suite (starter) is put in the store from the copy the
    /// host ships, any other must have been imported. Returns the hash of its manifest.
    /// </summary>
    public Task<string> EnsureSuiteAsync(IArtifactStore store, string suite, CancellationToken cancellationToken = default) =>
        StoreSeeding.EnsureSuiteAsync(store, suite, StarterSuiteDirectory, cancellationToken);
}
