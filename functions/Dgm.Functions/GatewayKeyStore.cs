using System.Security.Cryptography;
using Dgm.Core.Artifacts;

namespace Dgm.Functions;

/// <summary>
/// The gateway's signing key lives in the artifact store, created by the first instance that needs it, so neither a
/// template nor an app setting ever holds it. Sandboxes get SAS URLs for single blobs only, never this one.
/// </summary>
public static class GatewayKeyStore
{
    public static async Task<byte[]> LoadOrCreateAsync(IArtifactStore store, CancellationToken cancellationToken = default)
    {
        if (await store.GetAsync(ArtifactKeys.GatewayKey, cancellationToken) is { } existing)
        {
            return existing.Content;
        }

        try
        {
            var key = RandomNumberGenerator.GetBytes(32);
            await store.PutMutableAsync(ArtifactKeys.GatewayKey, key, expectedVersion: null, cancellationToken);
            return key;
        }
        catch (ArtifactVersionConflictException)
        {
            // Another instance created it first; everyone signs with that one.
            return (await store.GetAsync(ArtifactKeys.GatewayKey, cancellationToken))!.Content;
        }
    }
}
