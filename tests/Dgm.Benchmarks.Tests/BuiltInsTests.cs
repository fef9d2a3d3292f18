using Dgm.Core.Benchmarks;
using Dgm.Local.Artifacts;
using Dgm.Testing;

namespace Dgm.Benchmarks.Tests;

public sealed class BuiltInsTests : IDisposable
{
    private readonly TempDirectory _dir = new("dgm-builtins");

    public void Dispose() => _dir.Dispose();

    private static BuiltIns Shipped => new(RepositoryRoot.Combine("agent"), RepositoryRoot.Combine("benchmarks", "starter"));

    [Fact]
    public async Task The_starter_suite_resolves_by_name_in_an_empty_store()
    {
        var store = new DiskArtifactStore(_dir.Combine("store"));
        var manifest = await Shipped.EnsureSuiteAsync(store, StoreSeeding.StarterSuite);

        var suite = await BenchmarkSuite.LoadAsync(store, "starter");
        Assert.Equal(30, suite.Tasks.Count);
        Assert.Equal(manifest, (await store.GetAsync(SuiteLayout.Manifest("starter")))!.Sha256);
    }

    [Fact]
    public async Task Any_other_suite_must_be_imported_and_the_error_says_how()
    {
        var store = new DiskArtifactStore(_dir.Combine("store"));
        var ex = await Assert.ThrowsAsync<KeyNotFoundException>(() => Shipped.EnsureSuiteAsync(store, "polyglot"));
        Assert.Equal("Benchmark suite 'polyglot' is neither built in (starter) nor imported; import it first (dgm bench import PATH).", ex.Message);
    }
}
