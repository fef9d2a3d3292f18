using System.Collections.Concurrent;
using Dgm.Core.Artifacts;

namespace Dgm.Reports;

/// <summary>
/// The artifact store as a long-lived dashboard reads it: node records, iteration records and patches are written
/// once and never change, so each is read from the store once per process; run.json, the ledger and logs pass through.
/// A live page re-reads a run at every change, and a run of thousands of nodes would otherwise be read whole each time.
/// </summary>
public sealed class WriteOnceCache(IArtifactStore store) : IArtifactStore
{
    private readonly ConcurrentDictionary<string, StoredArtifact> _records = new(StringComparer.Ordinal);

    public async Task<StoredArtifact?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        if (_records.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var stored = await store.GetAsync(key, cancellationToken);
        if (stored is not null && IsWriteOnce(key))
        {
            _records[key] = stored;
        }

        return stored;
    }

    public Task<ArtifactRef> PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => store.PutAsync(key, content, cancellationToken);

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) => store.ExistsAsync(key, cancellationToken);

    public IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default) => store.ListAsync(prefix, cancellationToken);

    public Task<string> PutMutableAsync(string key, ReadOnlyMemory<byte> content, string? expectedVersion, CancellationToken cancellationToken = default) =>
        store.PutMutableAsync(key, content, expectedVersion, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => store.DeleteAsync(key, cancellationToken);

    private static bool IsWriteOnce(string key) =>
        key.Split('/') is ["runs", _, "iterations", _] or ["runs", _, "nodes", _, "node.json" or "patch.diff"];
}
