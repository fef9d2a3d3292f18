using Dgm.Core.Artifacts;
using Dgm.Core.Gateway;
using Dgm.Core.Harness;
using Dgm.Core.Models;
using Dgm.Core.Runs;
using Dgm.Core.Sandbox;
using Dgm.Workflow.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace Dgm.Workflow;

/// <summary>The services the DGM's activities are constructed with; every host registers them through this one method.</summary>
public static class WorkflowServices
{
    public static IServiceCollection AddDgmWorkflow(
        this IServiceCollection services,
        IArtifactStore store,
        ISandbox sandbox,
        IChatClientProvider models,
        GatewayTokens tokens,
        IToolchainProbe toolchains,
        WorkflowOptions options)
    {
        var runs = new RunStore(store);
        return services
            .AddSingleton(store)
            .AddSingleton(runs)
            .AddSingleton(new RunCatalog(runs, toolchains))
            .AddSingleton(sandbox)
            .AddSingleton(models)
            .AddSingleton(tokens)
            .AddSingleton(TimeProvider.System)
            .AddSingleton(options)
            .AddSingleton<JobFactory>();
    }
}
