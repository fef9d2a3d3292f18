using Dgm.Core.Artifacts;
using Dgm.Core.Sandbox;
using Dgm.Testing;

namespace Dgm.Local.Tests.Sandbox.Docker;

/// <summary>The sandbox contract on Docker: the same files, environment, limits and grading as bubblewrap and unshare.</summary>
[Collection(DockerEngineTests.Name)]
public sealed class DockerSandboxContractTests(DockerEngine engine) : SandboxContract, IAsyncLifetime
{
    private readonly DockerHarness _harness = new(engine);

    protected override Task<(ISandbox Sandbox, IArtifactStore Store)> CreateAsync() =>
        Task.FromResult<(ISandbox, IArtifactStore)>((_harness.Sandbox, _harness.Store));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _harness.DisposeAsync();
}
