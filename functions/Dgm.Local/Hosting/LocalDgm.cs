using Dgm.Benchmarks;
using Dgm.Core.Configuration;
using Dgm.Core.Gateway;
using Dgm.Core.Harness;
using Dgm.Core.Runs;
using Dgm.Core.Sandbox;
using Dgm.Local.Artifacts;
using Dgm.Local.Engine;
using Dgm.Local.Gateway;
using Dgm.Local.Sandbox;
using Dgm.Local.Sandbox.Docker;
using Dgm.Models;
using Dgm.Models.Backends;
using Dgm.Workflow;
using Dgm.Workflow.Runs;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dgm.Local.Hosting;

public sealed record LocalDgmOptions
{
    /// <summary>Everything a local run writes: store/, sandbox/, secrets/, gateway.sock.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The sandbox jobs run in.</summary>
    public SandboxKind Sandbox { get; init; } = SandboxKind.Auto;

    /// <summary>The Docker Engine and the image of jobs without one of their own, for <see cref="SandboxKind.Docker"/>.</summary>
    public DockerSandboxOptions Docker { get; init; } = new();

    /// <summary>Model backends' secrets and transport; keys from the environment by default.</summary>
    public Func<ModelSpec, ModelBackendOptions> Backends { get; init; } = ChatClientProvider.FromEnvironment;

    /// <summary>Tuning of the workflow's activities (polls are short locally, where jobs take seconds).</summary>
    public Action<WorkflowOptions> ConfigureWorkflow { get; init; } = workflow => workflow.LongPoll = TimeSpan.FromSeconds(2);

    /// <summary>The seed agent and starter suite runs are prepared with; the copies next to the binaries by default.</summary>
    public BuiltIns? BuiltIns { get; init; }

    public ILoggerFactory? Logging { get; init; }
}

/// <summary>
/// The DGM on one machine: the disk artifact store, the bubblewrap/unshare sandbox, the model gateway on a Unix
/// socket, and the workflow on the embedded Durable Task engine, composed once (<see cref="LocalServices"/>,
/// <see cref="WorkflowServices"/>) for the <c>dgm</c> command and tests.
/// </summary>
public sealed class LocalDgm : IAsyncDisposable
{
    private LocalDgm(EmbeddedEngine engine, GatewayServer gateway)
    {
        Engine = engine;
        Gateway = gateway;
    }

    public EmbeddedEngine Engine { get; }

    public GatewayServer Gateway { get; }

    public IServiceProvider Services => Engine.Services;

    public DiskArtifactStore Store => Services.GetRequiredService<DiskArtifactStore>();

    public RunStore Runs => Services.GetRequiredService<RunStore>();

    public ISandbox Sandbox => Services.GetRequiredService<ISandbox>();

    public RunLifecycle Lifecycle => Services.GetRequiredService<RunLifecycle>();

    /// <summary>What this host's sandboxes can run.</summary>
    public IToolchainProbe Toolchains => Services.GetRequiredService<IToolchainProbe>();

    public DurableTaskClient Client => Engine.Client;

    public static async Task<LocalDgm> StartAsync(LocalDgmOptions options, CancellationToken cancellationToken = default)
    {
        var engine = await EmbeddedEngine.StartAsync(
            registry => registry.AddDgmTasks(),
            services => services.AddDgmLocal(options).AddDgmWorkflow(options.ConfigureWorkflow),
            new EmbeddedEngineOptions { LoggerFactory = options.Logging },
            cancellationToken);
        try
        {
            var gateway = await GatewayServer.StartAsync(
                engine.Services.GetRequiredService<ModelGateway>(), GatewaySocket(Path.GetFullPath(options.DataDirectory)), loopbackTcp: false, cancellationToken);
            return new LocalDgm(engine, gateway);
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }
    }

    /// <summary>The artifact store of a data directory, for commands that only read.</summary>
    public static DiskArtifactStore OpenStore(string dataDirectory) => new(Path.Combine(Path.GetFullPath(dataDirectory), "store"));

    /// <summary>Where the model gateway of a data directory listens.</summary>
    public static string GatewaySocket(string dataDirectory) => Path.Combine(Path.GetFullPath(dataDirectory), "gateway.sock");

    /// <summary>The sandbox of a data directory, and what its jobs can run, without the rest of the host (suite verification, benchmarks).</summary>
    public static (ISandbox Sandbox, IToolchainProbe Toolchains) OpenSandbox(Core.Artifacts.IArtifactStore store, string dataDirectory, SandboxKind kind)
    {
        var options = SandboxOptions(dataDirectory, kind);
        return (NewSandbox(store, options, kind), PathToolchainProbe.For(options, kind));
    }

    /// <summary>The sandbox of <paramref name="kind"/>: one Docker container per job, or a process sandbox.</summary>
    public static ISandbox NewSandbox(Core.Artifacts.IArtifactStore store, LocalSandboxOptions options, SandboxKind kind, DockerSandboxOptions? docker = null) =>
        kind == SandboxKind.Docker ? new DockerSandbox(store, options, docker ?? new DockerSandboxOptions()) : new LocalSandbox(store, options);

    /// <summary>How the sandbox of a data directory is set up; the gateway socket is added by the host that serves it.</summary>
    public static LocalSandboxOptions SandboxOptions(string dataDirectory, SandboxKind kind) => new()
    {
        Root = Path.Combine(Path.GetFullPath(dataDirectory), "sandbox"),
        ForceUnshare = kind == SandboxKind.Unshare,
        BubblewrapOnly = kind == SandboxKind.Bubblewrap,
    };

    public async ValueTask DisposeAsync()
    {
        // The engine owns the sandbox (its container disposes it) and must stop before the gateway its jobs call.
        await Engine.DisposeAsync();
        await Gateway.DisposeAsync();
    }
}
