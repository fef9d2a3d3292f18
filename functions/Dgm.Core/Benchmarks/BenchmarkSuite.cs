using Dgm.Core.Artifacts;

namespace Dgm.Core.Benchmarks;

/// <summary>A suite read back from the artifact store: its manifest and its tasks.</summary>
public sealed record BenchmarkSuite(SuiteManifest Manifest, IReadOnlyList<BenchmarkTask> Tasks)
{
    public string Name => Manifest.Name;

    public BenchmarkTask Task(string id) =>
        Tasks.FirstOrDefault(t => t.Id == id) ?? throw new KeyNotFoundException($"Suite '{Name}' has no task '{id}'.");

    /// <summary>The suite cut down to the tasks named, in that order; all of it when none are named.</summary>
    public BenchmarkSuite Only(IReadOnlyCollection<string> ids) => ids.Count == 0 ? this : this with { Tasks = ids.Distinct(StringComparer.Ordinal).Select(Task).ToList() };

    public static async Task<BenchmarkSuite> LoadAsync(IArtifactStore store, string suite, CancellationToken cancellationToken = default)
    {
        var manifestKey = SuiteLayout.Manifest(suite);
        var stored = await store.GetAsync(manifestKey, cancellationToken)
            ?? throw new KeyNotFoundException($"Benchmark suite '{suite}' is not in the artifact store ({manifestKey}); import it first (dgm bench import).");
        var manifest = DgmJson.Deserialize<SuiteManifest>(stored.Content, manifestKey);
        var tasks = new List<BenchmarkTask>(manifest.Tasks.Count);
        foreach (var id in manifest.Tasks)
        {
            var key = SuiteLayout.Task(suite, id);
            var task = await store.GetAsync(key, cancellationToken) ?? throw new KeyNotFoundException($"Suite '{suite}' lists task '{id}' but {key} is missing.");
            tasks.Add(DgmJson.Deserialize<BenchmarkTask>(task.Content, key));
        }

        return new BenchmarkSuite(manifest, tasks);
    }
}
