namespace Dgm.Core.Artifacts;

/// <summary>The one read-modify-write of a mutable JSON record: read it, change it, write it back if nobody wrote first, else again.</summary>
public static class MutableRecords
{
    /// <summary>Applies <paramref name="change"/> (given null when the record does not exist yet) until it lands; returns what was written.</summary>
    public static async Task<T> UpdateAsync<T>(this IArtifactStore store, string key, Func<T?, T> change, CancellationToken cancellationToken = default)
        where T : class
    {
        while (true)
        {
            var stored = await store.GetAsync(key, cancellationToken);
            var current = stored is null ? null : DgmJson.Deserialize<T>(stored.Content, key);
            var next = change(current);
            var content = DgmJson.Serialize(next);
            if (stored is not null && stored.Sha256 == ContentHash.Of(content))
            {
                return next;
            }

            try
            {
                await store.PutMutableAsync(key, content, stored?.Version, cancellationToken);
                return next;
            }
            catch (ArtifactVersionConflictException)
            {
                // Someone wrote between our read and our write: read their version and change that.
            }
        }
    }
}
