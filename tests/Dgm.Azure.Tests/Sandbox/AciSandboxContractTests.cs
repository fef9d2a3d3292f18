using Dgm.Azure.Tests.Azurite;
using Dgm.Azure.Tests.FakeArm;
using Dgm.Core.Artifacts;
using Dgm.Core.Sandbox;
using Dgm.Testing;

namespace Dgm.Azure.Tests.Sandbox;

/// <summary>
/// The sandbox contract on ACI: the real AciSandbox against the fake ARM, whose container groups run our runner in
/// the image's layout (<see cref="ContainerEmulator"/>), moving files through Azurite's SAS URLs.
/// </summary>
[Collection(AciTests.Name)]
public sealed class AciSandboxContractTests(AzuriteFixture azurite) : SandboxContract, IAsyncLifetime
{
    private AciHarness? _aci;

    protected override async Task<(ISandbox Sandbox, IArtifactStore Store)> CreateAsync()
    {
        _aci = await AciHarness.StartAsync(azurite);
        _aci.Arm.Containers = ContainerEmulator.RunAsync;
        return (_aci.Sandbox, _aci.Store);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_aci is not null)
        {
            await _aci.DisposeAsync();
        }
    }
}
