using Dgm.Benchmarks;
using Dgm.Core.Artifacts;
using Dgm.Core.Configuration;
using Dgm.Core.Gateway;
using Dgm.Core.Harness;
using Dgm.Core.Models;
using Dgm.Core.Runs;
using Dgm.Core.Sandbox;
using Dgm.Local.Artifacts;
using Dgm.Local.Sandbox;
using Dgm.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Dgm.Local.Hosting;

/// <summary>The local host's adapters for one data folder: the disk store, the bubblewrap/unshare/Docker sandbox, model backends, the gateway's keys.</summary>
public static class LocalServices
{
    public static IServiceCollection AddDgmLocal(this IServiceCollection services, LocalDgmOptions options)
    {
        var data = Path.GetFullPath(options.DataDirectory);
        var sandboxOptions = LocalDgm.SandboxOptions(data, options.Sandbox) with { GatewaySocket = LocalDgm.GatewaySocket(data) };
        return services
            .AddSingleton(options)
            .AddSingleton(LocalDgm.OpenStore(data))
            .AddSingleton<IArtifactStore>(sp => sp.GetRequiredService<DiskArtifactStore>())
            .AddSingleton(sandboxOptions)
            .AddSingleton(sp => LocalDgm.NewSandbox(sp.GetRequiredService<IArtifactStore>(), sandboxOptions, options.Sandbox, options.Docker))
            .AddSingleton<IToolchainProbe>(PathToolchainProbe.For(sandboxOptions, options.Sandbox))
            .AddSingleton<IChatClientProvider>(sp => new ChatClientProvider(sp.GetRequiredService<IArtifactStore>(), options.Backends))
            .AddSingleton(_ => new GatewayTokens(GatewayKey.LoadOrCreate(Path.Combine(data, "secrets", "gateway.key"))))
            .AddSingleton(options.BuiltIns ?? BuiltIns.NextToBinaries());
    }
}
