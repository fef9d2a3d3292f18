using Dgm.Benchmarks;
using Dgm.Core.Artifacts;
using Dgm.Core.Configuration;

namespace Dgm.Functions;

/// <summary>The seed agent and the starter suite the app ships with, and preparing them in the store for a new run.</summary>
public sealed record SeedSources(IArtifactStore Store, string SeedAgentDirectory, string StarterSuiteDirectory)
{
    public static SeedSources NextToBinaries(IArtifactStore store) =>
        new(store, Path.Combine(AppContext.BaseDirectory, "seed-agent"), Path.Combine(AppContext.BaseDirectory, "benchmarks", "starter"));

    /// <summary>The seed snapshot's hash and the suite manifest's hash for a run of <paramref name="config"/>.</summary>
    public async Task<(string Seed, string Suite)> PrepareAsync(RunConfig config, CancellationToken cancellationToken)
    {
        var suite = await StoreSeeding.EnsureSuiteAsync(Store, config.Benchmark.Suite, StarterSuiteDirectory, cancellationToken);
        var seed = await StoreSeeding.SnapshotAgentAsync(Store, SeedAgentDirectory, cancellationToken);
        return (seed, suite);
    }
}

/// <summary>The document every posted or scheduled configuration is laid over (see <see cref="RunDefaults"/>).</summary>
public sealed record RunDefaultsDocument(System.Text.Json.Nodes.JsonObject Value);
