using Dgm.Azure.Artifacts;
using Dgm.Azure.Tests.Azurite;
using Dgm.Core.Artifacts;
using Dgm.Testing;

namespace Dgm.Azure.Tests.Artifacts;

/// <summary>The blob store passes the same contract as the disk store, against a real Azurite.</summary>
[Collection(BlobStoreTests.Name)]
public sealed class BlobArtifactStoreTests(AzuriteFixture azurite) : ArtifactStoreContract
{
    protected override async Task<IArtifactStore> CreateStoreAsync() => await azurite.NewStoreAsync();

    [Fact]
    public async Task Immutable_artifacts_carry_their_hash_in_metadata()
    {
        var store = await azurite.NewStoreAsync();
        var written = await store.PutAsync("snapshots/a.tar.gz", "tree"u8.ToArray());

        var properties = await store.Container.GetBlobClient("snapshots/a.tar.gz").GetPropertiesAsync();
        Assert.Equal(written.Sha256, properties.Value.Metadata[BlobArtifactStore.Sha256Metadata]);
    }

    [Fact]
    public async Task A_blob_written_without_metadata_is_compared_by_its_content()
    {
        var store = await azurite.NewStoreAsync();
        await store.Container.GetBlobClient("builds/x.tar.gz").UploadAsync(BinaryData.FromString("bin"));

        var same = await store.PutAsync("builds/x.tar.gz", "bin"u8.ToArray());
        Assert.Equal(ContentHash.Of("bin"u8), same.Sha256);
        await Assert.ThrowsAsync<ArtifactConflictException>(() => store.PutAsync("builds/x.tar.gz", "other"u8.ToArray()));
    }

    [Fact]
    public async Task Versions_are_etags_that_change_with_every_write()
    {
        var store = await azurite.NewStoreAsync();
        var v1 = await store.PutMutableAsync("runs/r/ledger.json", "1"u8.ToArray(), null);
        var etag = (await store.Container.GetBlobClient("runs/r/ledger.json").GetPropertiesAsync()).Value.ETag.ToString();
        Assert.Equal(etag, v1);

        var v2 = await store.PutMutableAsync("runs/r/ledger.json", "1"u8.ToArray(), v1);
        Assert.NotEqual(v1, v2);
        var conflict = await Assert.ThrowsAsync<ArtifactVersionConflictException>(() => store.PutMutableAsync("runs/r/ledger.json", "3"u8.ToArray(), v1));
        Assert.Contains(v2, conflict.Message, StringComparison.Ordinal);
    }
}
