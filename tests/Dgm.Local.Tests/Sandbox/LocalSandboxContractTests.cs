using Dgm.Core.Artifacts;
using Dgm.Core.Sandbox;
using Dgm.Local.Artifacts;
using Dgm.Local.Sandbox;
using Dgm.Testing;

namespace Dgm.Local.Tests.Sandbox;

/// <summary>The sandbox contract on bubblewrap.</summary>
public sealed class BubblewrapSandboxContractTests : SandboxContract, IAsyncLifetime
{
    private readonly LocalSandboxFactory _factory = new(forceUnshare: false);

    protected override Task<(ISandbox Sandbox, IArtifactStore Store)> CreateAsync() => _factory.CreateAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();
}

/// <summary>The sandbox contract on util-linux unshare.</summary>
public sealed class UnshareSandboxContractTests : SandboxContract, IAsyncLifetime
{
    private readonly LocalSandboxFactory _factory = new(forceUnshare: true);

    protected override Task<(ISandbox Sandbox, IArtifactStore Store)> CreateAsync() => _factory.CreateAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();
}

/// <summary>A local sandbox over a disk store in a temp folder, disposed with the test.</summary>
internal sealed class LocalSandboxFactory(bool forceUnshare) : IAsyncDisposable
{
    private readonly TempDirectory _dir = new("dgm-local-contract");
    private LocalSandbox? _sandbox;

    public Task<(ISandbox Sandbox, IArtifactStore Store)> CreateAsync()
    {
        var store = new DiskArtifactStore(_dir.Combine("store"));
        _sandbox = new LocalSandbox(store, new LocalSandboxOptions { Root = _dir.Combine("jobs"), ForceUnshare = forceUnshare });
        return Task.FromResult<(ISandbox, IArtifactStore)>((_sandbox, store));
    }

    public async ValueTask DisposeAsync()
    {
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }

        _dir.Dispose();
    }
}
