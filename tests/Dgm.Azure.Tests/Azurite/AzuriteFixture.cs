using Azure.Storage.Blobs;
using Dgm.Azure.Artifacts;

namespace Dgm.Azure.Tests.Azurite;

/// <summary>One Azurite per test collection; every test gets its own fresh container in it.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteServer? _server;

    public AzuriteServer Server => _server ?? throw new InvalidOperationException("Azurite is not started.");

    public async Task InitializeAsync() => _server = await AzuriteServer.StartAsync();

    public Task DisposeAsync()
    {
        _server?.Dispose();
        return Task.CompletedTask;
    }

    public async Task<BlobContainerClient> NewContainerAsync()
    {
        var container = new BlobContainerClient(Server.ConnectionString, "t" + Guid.NewGuid().ToString("N"));
        await container.CreateAsync();
        return container;
    }

    public async Task<BlobArtifactStore> NewStoreAsync() => new(await NewContainerAsync());
}
