namespace Dgm.Core.Artifacts;

/// <summary>A stored artifact's identity: its key, the SHA-256 of its content and its length.</summary>
public sealed record ArtifactRef(string Key, string Sha256, long Length);

/// <summary>An artifact read back, with the version a conditional update must name.</summary>
public sealed record StoredArtifact(string Key, byte[] Content, string Version)
{
    public string Sha256 => ContentHash.Of(Content);
}

/// <summary>
/// Where a run keeps everything it produces (README "What a run writes where"): a disk folder locally, Blob Storage in
/// Azure. Plain writes are idempotent — the same key with the same content is a no-op and the same key with other
/// content is an error — so a retried activity never duplicates or silently changes a record. Records that must
/// change (run state, ledgers) are written with <see cref="PutMutableAsync"/> and an optimistic version check.
/// </summary>
public interface IArtifactStore
{
    /// <summary>Writes an immutable artifact; throws <see cref="ArtifactConflictException"/> if the key holds other content.</summary>
    Task<ArtifactRef> PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>The artifact, or null when the key does not exist.</summary>
    Task<StoredArtifact?> GetAsync(string key, CancellationToken cancellationToken = default);

    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Every key that starts with <paramref name="prefix"/>, in ordinal order.</summary>
    IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates (when <paramref name="expectedVersion"/> is null) or replaces (when it equals the stored version) a
    /// mutable record and returns its new version; otherwise throws <see cref="ArtifactVersionConflictException"/>.
    /// </summary>
    Task<string> PutMutableAsync(string key, ReadOnlyMemory<byte> content, string? expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Removes an artifact if it exists (cleanup of scratch outputs; run records are never deleted).</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);
}

/// <summary>An immutable key already holds different content.</summary>
public sealed class ArtifactConflictException(string key, string storedSha256, string newSha256)
    : Exception($"Artifact '{key}' already exists with different content (stored sha256 {storedSha256[..12]}…, new {newSha256[..12]}…); artifacts are write-once.")
{
    public string Key { get; } = key;
}

/// <summary>A mutable record changed since it was read (or exists when creation was asked for).</summary>
public sealed class ArtifactVersionConflictException(string key, string? expected, string? actual)
    : Exception($"Artifact '{key}' is at version {actual ?? "(none)"}, not the expected {expected ?? "(none)"}; re-read and retry.")
{
    public string Key { get; } = key;
}
