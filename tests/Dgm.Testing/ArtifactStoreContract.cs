using System.Text;
using Dgm.Core.Artifacts;

namespace Dgm.Testing;

/// <summary>
/// The behaviour every <see cref="IArtifactStore"/> must show; each store's test class derives from this and
/// supplies a fresh, empty store.
/// </summary>
public abstract class ArtifactStoreContract
{
    protected abstract Task<IArtifactStore> CreateStoreAsync();

    private static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task Put_then_get_returns_the_content_and_its_hash()
    {
        var store = await CreateStoreAsync();
        var written = await store.PutAsync("runs/r1/nodes/n1/patch.diff", Bytes("+fix"));

        var read = await store.GetAsync("runs/r1/nodes/n1/patch.diff");
        Assert.NotNull(read);
        Assert.Equal("+fix", Encoding.UTF8.GetString(read.Content));
        Assert.Equal(ContentHash.Of(Encoding.UTF8.GetBytes("+fix")), written.Sha256);
        Assert.Equal(written.Sha256, read.Sha256);
        Assert.Equal(4, written.Length);
    }

    [Fact]
    public async Task Writing_the_same_content_twice_is_a_no_op()
    {
        var store = await CreateStoreAsync();
        var first = await store.PutAsync("a/b.json", Bytes("{}"));
        var second = await store.PutAsync("a/b.json", Bytes("{}"));
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Writing_other_content_to_an_existing_key_is_an_error_and_keeps_the_original()
    {
        var store = await CreateStoreAsync();
        await store.PutAsync("a/b.json", Bytes("one"));
        var ex = await Assert.ThrowsAsync<ArtifactConflictException>(() => store.PutAsync("a/b.json", Bytes("two")));
        Assert.Equal("a/b.json", ex.Key);
        Assert.Equal("one", Encoding.UTF8.GetString((await store.GetAsync("a/b.json"))!.Content));
    }

    [Fact]
    public async Task Missing_keys_read_as_null_and_do_not_exist()
    {
        var store = await CreateStoreAsync();
        Assert.Null(await store.GetAsync("nothing/here.json"));
        Assert.False(await store.ExistsAsync("nothing/here.json"));
        await store.PutAsync("nothing/there.json", Bytes("x"));
        Assert.True(await store.ExistsAsync("nothing/there.json"));
    }

    [Fact]
    public async Task List_returns_keys_under_a_prefix_in_ordinal_order()
    {
        var store = await CreateStoreAsync();
        foreach (var key in new[] { "runs/r1/iterations/10.json", "runs/r1/iterations/2.json", "runs/r1/run.json", "runs/r10/run.json", "snapshots/x.tar.gz" })
        {
            await store.PutAsync(key, Bytes(key));
        }

        Assert.Equal(["runs/r1/iterations/10.json", "runs/r1/iterations/2.json"], await ToListAsync(store.ListAsync("runs/r1/iterations/")));
        Assert.Equal(["runs/r1/iterations/10.json", "runs/r1/iterations/2.json", "runs/r1/run.json", "runs/r10/run.json"], await ToListAsync(store.ListAsync("runs/r1")));
        Assert.Equal(["runs/r1/iterations/10.json", "runs/r1/iterations/2.json", "runs/r1/run.json"], await ToListAsync(store.ListAsync("runs/r1/")));
        Assert.Empty(await ToListAsync(store.ListAsync("builds/")));
    }

    [Fact]
    public async Task Mutable_records_need_the_current_version()
    {
        var store = await CreateStoreAsync();
        var v1 = await store.PutMutableAsync("runs/r/run.json", Bytes("1"), expectedVersion: null);
        await Assert.ThrowsAsync<ArtifactVersionConflictException>(() => store.PutMutableAsync("runs/r/run.json", Bytes("x"), expectedVersion: null));

        var v2 = await store.PutMutableAsync("runs/r/run.json", Bytes("2"), v1);
        Assert.NotEqual(v1, v2);
        await Assert.ThrowsAsync<ArtifactVersionConflictException>(() => store.PutMutableAsync("runs/r/run.json", Bytes("3"), v1));

        var read = await store.GetAsync("runs/r/run.json");
        Assert.Equal("2", Encoding.UTF8.GetString(read!.Content));
        Assert.Equal(v2, read.Version);
        await Assert.ThrowsAsync<ArtifactVersionConflictException>(() => store.PutMutableAsync("runs/other.json", Bytes("1"), v2));
    }

    [Fact]
    public async Task Concurrent_read_modify_write_loses_no_update()
    {
        var store = await CreateStoreAsync();
        await store.PutMutableAsync("counter.json", Bytes("0"), null);

        async Task IncrementAsync()
        {
            while (true)
            {
                var current = (await store.GetAsync("counter.json"))!;
                var next = int.Parse(Encoding.UTF8.GetString(current.Content), System.Globalization.CultureInfo.InvariantCulture) + 1;
                try
                {
                    await store.PutMutableAsync("counter.json", Bytes(next.ToString(System.Globalization.CultureInfo.InvariantCulture)), current.Version);
                    return;
                }
                catch (ArtifactVersionConflictException)
                {
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(IncrementAsync)));
        Assert.Equal("16", Encoding.UTF8.GetString((await store.GetAsync("counter.json"))!.Content));
    }

    [Fact]
    public async Task Delete_removes_and_tolerates_missing_keys()
    {
        var store = await CreateStoreAsync();
        await store.PutAsync("tmp/x", Bytes("x"));
        await store.DeleteAsync("tmp/x");
        Assert.False(await store.ExistsAsync("tmp/x"));
        await store.DeleteAsync("tmp/x");
    }

    [Theory]
    [InlineData("")]
    [InlineData("/abs")]
    [InlineData("a/../b")]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData("a\\b")]
    public async Task Invalid_keys_are_refused(string key)
    {
        var store = await CreateStoreAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(key, Bytes("x")));
    }

    [Fact]
    public async Task Large_binary_artifacts_round_trip()
    {
        var store = await CreateStoreAsync();
        var content = new byte[6 * 1024 * 1024];
        new Random(3).NextBytes(content);
        var written = await store.PutAsync("builds/big.tar.gz", content);
        var read = await store.GetAsync("builds/big.tar.gz");
        Assert.Equal(content, read!.Content);
        Assert.Equal(ContentHash.Of(content), written.Sha256);
    }

    private static async Task<List<string>> ToListAsync(IAsyncEnumerable<string> source)
    {
        var list = new List<string>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }
}
