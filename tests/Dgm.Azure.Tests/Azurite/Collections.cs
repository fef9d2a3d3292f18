namespace Dgm.Azure.Tests.Azurite;

// Each collection gets its own Azurite, so the collections run in parallel; tests within one share it.

[CollectionDefinition(Name)]
public sealed class BlobStoreTests : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "blob store on Azurite";
}

[CollectionDefinition(Name)]
public sealed class RunnerTests : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "sandbox runner on Azurite";
}

[CollectionDefinition(Name)]
public sealed class AciTests : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "ACI sandbox on fake ARM and Azurite";
}
