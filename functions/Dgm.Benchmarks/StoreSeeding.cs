using Dgm.Core.Artifacts;
using Dgm.Core.Benchmarks;
using Dgm.Jobs.Archives;

namespace Dgm.Benchmarks;

/// <summary>What every host does before a run: the seed agent's source becomes a snapshot, the suite is in the store.</summary>
public static class StoreSeeding
{
    public const string StarterSuite = "starter";

    /// <summary>Packs an agent's source (without build output) as a content-addressed snapshot and returns its hash.</summary>
    public static async Task<string> SnapshotAgentAsync(IArtifactStore store, string agentDirectory, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Path.Combine(agentDirectory, "DgmAgent.csproj")))
        {
            throw new DirectoryNotFoundException($"{agentDirectory} is not an agent source folder (no DgmAgent.csproj).");
        }

        var snapshot = TarPacker.Pack(agentDirectory, path => path.Split('/')[0] is "bin" or "obj" or ".git");
        return (await store.PutAsync(ArtifactKeys.Snapshot(ContentHash.Of(snapshot)), snapshot, cancellationToken)).Sha256;
    }

    /// <summary>
    /// Returns the hash of the suite's manifest. The starter suite is (re)imported from the folder that ships with the
    /// host; any other suite must have been imported already.
    /// </summary>
    public static async Task<string> EnsureSuiteAsync(IArtifactStore store, string suite, string starterDirectory, CancellationToken cancellationToken = default)
    {
        if (suite == StarterSuite)
        {
            var imported = FolderSuiteReader.Read(starterDirectory);
            if (imported.Problems.Count > 0)
            {
                throw new InvalidDataException($"The starter suite at {starterDirectory} has problems:{Environment.NewLine}{string.Join(Environment.NewLine, imported.Problems)}");
            }

            await SuiteStore.WriteAsync(store, imported, cancellationToken: cancellationToken);
        }

        var manifest = await store.GetAsync(SuiteLayout.Manifest(suite), cancellationToken)
            ?? throw new KeyNotFoundException($"Benchmark suite '{suite}' is neither built in ({StarterSuite}) nor imported; import it first (dgm bench import PATH).");
        return manifest.Sha256;
    }
}
