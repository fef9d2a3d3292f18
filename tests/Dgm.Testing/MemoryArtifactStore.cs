using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Dgm.Core.Artifacts;

namespace Dgm.Testing;

/// <summary>
/// An artifact store in memory, for tests of the workflow without a disk or Azurite: it passes the same contract as
/// the real stores (tests/Dgm.Workflow.Tests), and can be told to fail reads of a key, as a store hiccup would.
/// </summary>
public sealed class MemoryArtifactStore : IArtifactStore
{
    private readonly ConcurrentDictionary<string, (byte[] Content, long Version)> _items = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);
    private long _versions;

    /// <summary>The next <paramref name="count"/> reads of <paramref name="key"/> throw an <see cref="IOException"/>.</summary>
    public void FailReads(string key, int count) => _failures[key] = count;

    public int FailedReads { get; private set; }

    public Task<ArtifactRef> PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var bytes = content.ToArray();
        var stored = _items.GetOrAdd(key, _ => (bytes, Interlocked.Increment(ref _versions)));
        var storedHash = ContentHash.Of(stored.Content);
        var newHash = ContentHash.Of(bytes);
        return storedHash == newHash
            ? Task.FromResult(new ArtifactRef(key, newHash, bytes.Length))
            : throw new ArtifactConflictException(key, storedHash, newHash);
    }

    public Task<StoredArtifact?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        if (_failures.TryGetValue(key, out var left) && left > 0 && _failures.TryUpdate(key, left - 1, left))
        {
            FailedReads++;
            throw new IOException($"the test store failed a read of {key}");
        }

        return Task.FromResult(_items.TryGetValue(key, out var item)
            ? new StoredArtifact(key, item.Content, item.Version.ToString(CultureInfo.InvariantCulture))
            : null);
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) => Task.FromResult(_items.ContainsKey(key));

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        foreach (var key in _items.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            yield return key;
        }
    }

    public Task<string> PutMutableAsync(string key, ReadOnlyMemory<byte> content, string? expectedVersion, CancellationToken cancellationToken = default)
    {
        lock (_items)
        {
            var current = _items.TryGetValue(key, out var item) ? item.Version.ToString(CultureInfo.InvariantCulture) : null;
            if (current != expectedVersion)
            {
                throw new ArtifactVersionConflictException(key, expectedVersion, current);
            }

            var version = Interlocked.Increment(ref _versions);
            _items[key] = (content.ToArray(), version);
            return Task.FromResult(version.ToString(CultureInfo.InvariantCulture));
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        _items.TryRemove(key, out _);
        return Task.CompletedTask;
    }
}
