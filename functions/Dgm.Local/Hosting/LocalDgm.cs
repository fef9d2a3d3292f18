using Dgm.Core.Artifacts;
using Dgm.Core.Configuration;
using Dgm.Core.Gateway;
using Dgm.Core.Harness;
using Dgm.Core.Models;
using Dgm.Core.Runs;
using Dgm.Local.Artifacts;
using Dgm.Local.Engine;
using Dgm.Local.Gateway;
using Dgm.Local.Sandbox;
using Dgm.Models;
using Dgm.Models.Backends;
using Dgm.Workflow;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Dgm.Local.Hosting;

public sealed record LocalDgmOptions
{
    /// <summary>Everything a local run writes: store/, sandbox/, secrets/, gateway.sock.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Use unshare even where bubblewrap is installed.</summary>
    public bool ForceUnshare { get; init; }

    /// <summary>Model backends' secrets and transport; keys from the environment by default.</summary>
    public Func<ModelSpec, ModelBackendOptions> Backends { get; init; } = ChatClientProvider.FromEnvironment;

    public WorkflowOptions Workflow { get; init; } = new() { LongPoll = TimeSpan.FromSeconds(2) };

    public ILoggerFactory? Logging { get; init; }
}

/// <summary>
/// The DGM on one machine: the disk artifact store, the bubblewrap/unshare sandbox, the model gateway on a Unix
/// socket, and the workflow on the embedded Durable Task engine, composed once for the <c>dgm</c> command and tests.
/// </summary>
public sealed class LocalDgm : IAsyncDisposable
{
    private LocalDgm(DiskArtifactStore store, LocalSandbox sandbox, GatewayServer gateway, EmbeddedEngine engine)
    {
        Store = store;
        Sandbox = sandbox;
        Gateway = gateway;
        Engine = engine;
        Runs = new RunStore(store);
    }

    public DiskArtifactStore Store { get; }

    public RunStore Runs { get; }

    public LocalSandbox Sandbox { get; }

    public GatewayServer Gateway { get; }

    public EmbeddedEngine Engine { get; }

    public DurableTaskClient Client => Engine.Client;

    public static async Task<LocalDgm> StartAsync(LocalDgmOptions options, CancellationToken cancellationToken = default)
    {
        var data = Path.GetFullPath(options.DataDirectory);
        var store = OpenStore(data);
        var socket = Path.Combine(data, "gateway.sock");
        var sandboxOptions = new LocalSandboxOptions { Root = Path.Combine(data, "sandbox"), GatewaySocket = socket, ForceUnshare = options.ForceUnshare };
        var sandbox = new LocalSandbox(store, sandboxOptions);
        var models = new ChatClientProvider(store, options.Backends);
        var tokens = new GatewayTokens(GatewayKey.LoadOrCreate(Path.Combine(data, "secrets", "gateway.key")));
        var toolchains = PathToolchainProbe.For(sandboxOptions);
        var runs = new RunStore(store);
        var gateway = await GatewayServer.StartAsync(
            new ModelGateway(tokens, (scope, ct) => CodingClientAsync(runs, models, scope, ct), TimeProvider.System), socket, loopbackTcp: false, cancellationToken);
        try
        {
            var engine = await EmbeddedEngine.StartAsync(
                registry => registry.AddDgmTasks(),
                services => services.AddDgmWorkflow(store, sandbox, models, tokens, toolchains, options.Workflow),
                new EmbeddedEngineOptions { LoggerFactory = options.Logging },
                cancellationToken);
            return new LocalDgm(store, sandbox, gateway, engine);
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    /// <summary>The artifact store of a data directory, for commands that only read.</summary>
    public static DiskArtifactStore OpenStore(string dataDirectory) => new(Path.Combine(Path.GetFullPath(dataDirectory), "store"));

    /// <summary>The sandbox of a data directory, and what its jobs can run, without the rest of the host (suite verification, benchmarks).</summary>
    public static (LocalSandbox Sandbox, IToolchainProbe Toolchains) OpenSandbox(IArtifactStore store, string dataDirectory, bool forceUnshare)
    {
        var options = new LocalSandboxOptions { Root = Path.Combine(Path.GetFullPath(dataDirectory), "sandbox"), ForceUnshare = forceUnshare };
        return (new LocalSandbox(store, options), PathToolchainProbe.For(options));
    }

    /// <summary>The gateway serves the coding model of the token's run; a token for a run this store does not hold is out of scope.</summary>
    private static async Task<Microsoft.Extensions.AI.IChatClient?> CodingClientAsync(RunStore runs, ChatClientProvider models, ModelCallScope scope, CancellationToken cancellationToken) =>
        await runs.FindRunAsync(scope.RunId, cancellationToken) is { } run ? models.Get(run.Config.Models.Coding) : null;

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        await Gateway.DisposeAsync();
    }
}
