using System.Runtime.CompilerServices;
using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Dgm.Core.Artifacts;

namespace Dgm.Azure.Artifacts;

/// <summary>
/// The artifact store in one Blob Storage container: a key is a blob name. Immutable artifacts carry their SHA-256
/// in metadata and are created with If-None-Match: *, so a second writer learns from the conflict whether it wrote
/// the same content (a no-op) or other content (an error). Mutable records are versioned by the blob's ETag and
/// replaced with If-Match, which Blob Storage checks atomically.
/// </summary>
public sealed class BlobArtifactStore : IArtifactStore
{
    /// <summary>Blob metadata entry holding the lower-case hex SHA-256 of the content.</summary>
    public const string Sha256Metadata = "sha256";

    private readonly BlobContainerClient _container;
    private readonly BlobSasIssuer _sas;

    public BlobArtifactStore(BlobContainerClient container, TimeProvider? time = null)
    {
        _container = container;
        _sas = new BlobSasIssuer(container, time ?? TimeProvider.System);
    }

    /// <summary>A store reached with Entra ID (managed identity in Azure, developer login locally).</summary>
    public static BlobArtifactStore FromServiceUri(Uri serviceUri, string containerName, TokenCredential? credential = null) =>
        new(new BlobServiceClient(serviceUri, credential ?? new DefaultAzureCredential()).GetBlobContainerClient(containerName));

    /// <summary>A store reached with an account key, e.g. Azurite's well-known development account.</summary>
    public static BlobArtifactStore FromConnectionString(string connectionString, string containerName) =>
        new(new BlobContainerClient(connectionString, containerName));

    public BlobContainerClient Container => _container;

    public async Task<ArtifactRef> PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var blob = Blob(key);
        var sha = ContentHash.Of(content.Span);
        var options = new BlobUploadOptions
        {
            Metadata = new Dictionary<string, string> { [Sha256Metadata] = sha },
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        };
        try
        {
            await blob.UploadAsync(BinaryData.FromBytes(content), options, cancellationToken);
            return new ArtifactRef(key, sha, content.Length);
        }
        catch (RequestFailedException ex) when (IsConditionFailure(ex))
        {
            // The key exists (or another writer won the race): same content is a no-op, other content an error.
            var stored = await StoredSha256Async(blob, cancellationToken);
            return stored == sha ? new ArtifactRef(key, sha, content.Length) : throw new ArtifactConflictException(key, stored, sha);
        }
    }

    public async Task<StoredArtifact?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            var download = await Blob(key).DownloadContentAsync(cancellationToken);
            return new StoredArtifact(key, download.Value.Content.ToArray(), download.Value.Details.ETag.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        (await Blob(key).ExistsAsync(cancellationToken)).Value;

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Blob Storage lists in its own (UTF-8 byte) order; the port promises ordinal UTF-16 order, so sort here.
        var names = new List<string>();
        await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken))
        {
            names.Add(item.Name);
        }

        names.Sort(StringComparer.Ordinal);
        foreach (var name in names)
        {
            yield return name;
        }
    }

    public async Task<string> PutMutableAsync(string key, ReadOnlyMemory<byte> content, string? expectedVersion, CancellationToken cancellationToken = default)
    {
        var blob = Blob(key);
        var options = new BlobUploadOptions
        {
            Metadata = new Dictionary<string, string> { [Sha256Metadata] = ContentHash.Of(content.Span) },
            Conditions = expectedVersion is null
                ? new BlobRequestConditions { IfNoneMatch = ETag.All }
                : new BlobRequestConditions { IfMatch = new ETag(expectedVersion) },
        };
        try
        {
            var written = await blob.UploadAsync(BinaryData.FromBytes(content), options, cancellationToken);
            return written.Value.ETag.ToString();
        }
        catch (RequestFailedException ex) when (IsConditionFailure(ex))
        {
            throw new ArtifactVersionConflictException(key, expectedVersion, await CurrentVersionAsync(blob, cancellationToken));
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        await Blob(key).DeleteIfExistsAsync(cancellationToken: cancellationToken);

    /// <summary>A URL that lets its holder read one artifact until <paramref name="expiresOn"/>, and nothing else.</summary>
    public Task<Uri> GetReadSasUriAsync(string key, DateTimeOffset expiresOn, CancellationToken cancellationToken = default) =>
        _sas.ReadAsync(Blob(key), expiresOn, cancellationToken);

    /// <summary>A URL that lets its holder create or overwrite one blob until <paramref name="expiresOn"/>, but not read it.</summary>
    public Task<Uri> GetWriteSasUriAsync(string key, DateTimeOffset expiresOn, CancellationToken cancellationToken = default) =>
        _sas.WriteAsync(Blob(key), expiresOn, cancellationToken);

    private BlobClient Blob(string key) => _container.GetBlobClient(ArtifactKey.Validate(key));

    // If-None-Match: * on an existing blob answers 409 BlobAlreadyExists; a failed If-Match answers 412.
    private static bool IsConditionFailure(RequestFailedException ex) => ex.Status is 409 or 412;

    private static async Task<string> StoredSha256Async(BlobClient blob, CancellationToken cancellationToken)
    {
        var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
        if (properties.Value.Metadata.TryGetValue(Sha256Metadata, out var sha))
        {
            return sha;
        }

        // Written without our metadata (e.g. by hand): hash the content itself.
        var content = await blob.DownloadContentAsync(cancellationToken);
        return ContentHash.Of(content.Value.Content.ToMemory().Span);
    }

    private static async Task<string?> CurrentVersionAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            return (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ETag.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
