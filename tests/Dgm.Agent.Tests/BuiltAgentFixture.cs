namespace Dgm.Agent.Tests;

// One built copy of the agent shared by every test that only runs it: building is the slow part.
public sealed class BuiltAgentFixture : IAsyncLifetime
{
    private AgentCopy? _copy;

    internal AgentCopy Agent => _copy ?? throw new InvalidOperationException("the fixture is not initialised");

    public async Task InitializeAsync()
    {
        _copy = AgentCopy.Create();
        await _copy.BuildAsync();
    }

    public Task DisposeAsync()
    {
        _copy?.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class SharedAgentBuild : ICollectionFixture<BuiltAgentFixture>
{
    public const string Name = "built agent";
}
