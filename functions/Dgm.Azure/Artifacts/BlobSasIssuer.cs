using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Sas;

namespace Dgm.Azure.Artifacts;

/// <summary>
/// Issues single-blob SAS URLs for sandboxes. A client holding the account key signs account-key SAS (Azurite's
/// development account); a client holding an Entra ID credential signs user delegation SAS, so no account key ever
/// leaves Azure. User delegation keys are cached and reused while they cover the requested expiry; two callers
/// racing for a fresh key both fetch one, which costs a request and nothing else.
/// </summary>
internal sealed class BlobSasIssuer(BlobContainerClient container, TimeProvider time)
{
    // Clock skew between us and the storage service must not make a fresh SAS "not yet valid".
    private static readonly TimeSpan StartSkew = TimeSpan.FromMinutes(5);

    // Storage refuses user delegation keys valid longer than seven days.
    private static readonly TimeSpan MaxDelegationKeyLifetime = TimeSpan.FromDays(7);

    private volatile UserDelegationKey? _delegationKey;

    public Task<Uri> ReadAsync(BlobClient blob, DateTimeOffset expiresOn, CancellationToken cancellationToken) =>
        SignAsync(blob, BlobSasPermissions.Read, expiresOn, cancellationToken);

    public Task<Uri> WriteAsync(BlobClient blob, DateTimeOffset expiresOn, CancellationToken cancellationToken) =>
        SignAsync(blob, BlobSasPermissions.Create | BlobSasPermissions.Write, expiresOn, cancellationToken);

    private async Task<Uri> SignAsync(BlobClient blob, BlobSasPermissions permissions, DateTimeOffset expiresOn, CancellationToken cancellationToken)
    {
        var builder = new BlobSasBuilder(permissions, expiresOn)
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b",
            StartsOn = time.GetUtcNow() - StartSkew,
            Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };

        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(builder);
        }

        var key = await DelegationKeyAsync(expiresOn, cancellationToken);
        return blob.GenerateUserDelegationSasUri(builder, key);
    }

    private async Task<UserDelegationKey> DelegationKeyAsync(DateTimeOffset expiresOn, CancellationToken cancellationToken)
    {
        if (_delegationKey is { } cached && cached.SignedExpiresOn >= expiresOn)
        {
            return cached;
        }

        // One key serves many SAS: ask for the longest lifetime Storage grants.
        var now = time.GetUtcNow();
        var keyExpiry = now + MaxDelegationKeyLifetime - TimeSpan.FromMinutes(1);
        if (expiresOn > keyExpiry)
        {
            throw new ArgumentOutOfRangeException(nameof(expiresOn), expiresOn, "A user delegation SAS cannot outlive seven days.");
        }

        var options = new BlobGetUserDelegationKeyOptions(keyExpiry) { StartsOn = now - StartSkew };
        var key = (await container.GetParentBlobServiceClient().GetUserDelegationKeyAsync(options, cancellationToken)).Value;
        _delegationKey = key;
        return key;
    }
}
