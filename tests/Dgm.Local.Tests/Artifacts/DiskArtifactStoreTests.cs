using Dgm.Core.Artifacts;
using Dgm.Local.Artifacts;
using Dgm.Testing;

namespace Dgm.Local.Tests.Artifacts;

public sealed class DiskArtifactStoreTests : ArtifactStoreContract, IDisposable
{
    private readonly TempDirectory _root = new("dgm-disk-store");

    protected override Task<IArtifactStore> CreateStoreAsync() => Task.FromResult<IArtifactStore>(new DiskArtifactStore(_root.Combine(Guid.NewGuid().ToString("N"))));

    [Fact]
    public async Task Keys_are_files_under_the_root_and_scratch_files_are_not_listed()
    {
        var store = new DiskArtifactStore(_root.Combine("plain"));
        await store.PutAsync("runs/r/run.json", "{}"u8.ToArray());
        await store.PutMutableAsync("runs/r/ledger.json", "{}"u8.ToArray(), null);
        Assert.True(File.Exists(_root.Combine("plain", "runs", "r", "run.json")));

        var keys = new List<string>();
        await foreach (var key in store.ListAsync("runs/"))
        {
            keys.Add(key);
        }

        Assert.Equal(["runs/r/ledger.json", "runs/r/run.json"], keys);
    }

    public void Dispose() => _root.Dispose();
}
