using System.Text;
using Dgm.Local.Artifacts;
using Dgm.Testing;

namespace Dgm.Reports.Tests;

public sealed class WriteOnceCacheTests : IDisposable
{
    private readonly TempDirectory _dir = new("dgm-cache");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Write_once_records_are_read_once_and_changing_records_every_time()
    {
        var disk = new DiskArtifactStore(_dir.Path);
        var cache = new WriteOnceCache(disk);
        string[] once = ["runs/r/nodes/i1-c0/node.json", "runs/r/nodes/i1-c0/patch.diff", "runs/r/iterations/3.json"];
        string[] changing = ["runs/r/run.json", "runs/r/ledger.json", "runs/r/nodes/i1-c0/logs/a/transcript.md"];
        foreach (var key in once.Concat(changing))
        {
            Assert.Null(await cache.GetAsync(key));
            await disk.PutAsync(key, Encoding.UTF8.GetBytes("first"));
            Assert.Equal("first", Encoding.UTF8.GetString((await cache.GetAsync(key))!.Content));
            // Behind the store's back, so only a read that reaches the disk can see it.
            await File.WriteAllTextAsync(Path.Combine(_dir.Path, key), "second");
        }

        foreach (var key in once.Concat(changing))
        {
            Assert.Equal(once.Contains(key) ? "first" : "second", Encoding.UTF8.GetString((await cache.GetAsync(key))!.Content));
        }
    }
}
