using Dgm.Core.Sandbox;
using Dgm.Jobs;
using Dgm.Local.Artifacts;
using Dgm.Local.Sandbox;
using Dgm.Local.Sandbox.Docker;
using Dgm.Testing;
using Docker.DotNet.Models;

namespace Dgm.Local.Tests.Sandbox.Docker;

/// <summary>A Docker sandbox on the tests' own Engine, over a disk store and a job root in a temp folder.</summary>
internal sealed class DockerHarness : IAsyncDisposable
{
    public const string Run = "run-d";

    private readonly TempDirectory _dir = new("dgm-docker-sandbox");
    private readonly DockerEngine _engine;
    private int _jobs;

    public DockerHarness(DockerEngine engine, string? gatewaySocket = null)
    {
        _engine = engine;
        Store = new DiskArtifactStore(_dir.Combine("store"));
        Files = new LocalSandboxOptions { Root = _dir.Combine("jobs"), GatewaySocket = gatewaySocket, TmpMb = 16 };
        Options = new DockerSandboxOptions { Endpoint = engine.Endpoint, Image = DockerEngine.Image };
        Sandbox = new DockerSandbox(Store, Files, Options);
    }

    public DiskArtifactStore Store { get; }

    public LocalSandboxOptions Files { get; }

    public DockerSandboxOptions Options { get; }

    public DockerSandbox Sandbox { get; }

    public SandboxJob Job(string script, SandboxLimits? limits = null) => new()
    {
        Id = $"job-{Interlocked.Increment(ref _jobs)}",
        RunId = Run,
        Kind = StepKind.Grade,
        Command = ["/bin/sh", "-c", script],
        Limits = limits ?? SandboxHarness.Limits(),
    };

    public async Task<SandboxJobResult> RunAsync(SandboxJob job)
    {
        var result = await Core.Harness.SandboxRunner.RunAsync(Sandbox, job);
        Assert.StartsWith("docker", result.Isolation, StringComparison.Ordinal);
        return result;
    }

    /// <summary>Every container of the harness's run the Engine still has, whatever its state.</summary>
    public async Task<IList<ContainerListResponse>> ContainersAsync()
    {
        using var client = _engine.NewClient();
        return await client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"dgm.run={Run}"] = true } },
        });
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var handle in await Sandbox.ListAsync(Run))
        {
            await Sandbox.DeleteAsync(handle);
        }

        await Sandbox.DisposeAsync();
        _dir.Dispose();
    }
}
