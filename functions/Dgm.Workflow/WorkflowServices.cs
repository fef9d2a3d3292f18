using Dgm.Core.Gateway;
using Dgm.Core.Models;
using Dgm.Core.Runs;
using Dgm.Workflow.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dgm.Workflow;

/// <summary>
/// The services the DGM's activities and run lifecycle are made of. A host registers its adapters first (an
/// <c>IArtifactStore</c>, an <c>ISandbox</c>, an <c>IChatClientProvider</c>, <c>GatewayTokens</c>, an <c>IToolchainProbe</c>
/// and <c>BuiltIns</c>), then calls this once. The model gateway the sandboxes call is registered here too.
/// </summary>
public static class WorkflowServices
{
    public static IServiceCollection AddDgmWorkflow(this IServiceCollection services, Action<WorkflowOptions>? configure = null)
    {
        services.AddOptions<WorkflowOptions>()
            .Configure(options => configure?.Invoke(options))
            .Validate(o => o.LongPoll >= TimeSpan.Zero, $"{nameof(WorkflowOptions.LongPoll)} must not be negative")
            .Validate(o => o.DeadlineGrace >= TimeSpan.Zero, $"{nameof(WorkflowOptions.DeadlineGrace)} must not be negative")
            .Validate(o => o.ProvisionLimit > TimeSpan.Zero, $"{nameof(WorkflowOptions.ProvisionLimit)} must be positive")
            .Validate(o => o.BusyBackoff >= TimeSpan.Zero, $"{nameof(WorkflowOptions.BusyBackoff)} must not be negative")
            .Validate(o => o.BusyAttempts >= 1, $"{nameof(WorkflowOptions.BusyAttempts)} must be at least 1")
            .Validate(o => o.DiagnosisAttempts >= 1, $"{nameof(WorkflowOptions.DiagnosisAttempts)} must be at least 1")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<WorkflowOptions>>().Value);
        services.TryAddSingleton<RunStore>();
        services.TryAddSingleton<RunCatalog>();
        services.TryAddSingleton<SteadyRecords>();
        services.TryAddSingleton<JobFactory>();
        services.TryAddSingleton<RunLifecycle>();

        // A sandbox's calls go to the coding model of the run its token names; a run the store does not know is not served.
        services.TryAddSingleton(sp => new ModelGateway(
            sp.GetRequiredService<GatewayTokens>(),
            async (scope, cancellationToken) => await sp.GetRequiredService<RunStore>().FindRunAsync(scope.RunId, cancellationToken) is { } run
                ? sp.GetRequiredService<IChatClientProvider>().Get(run.Config.Models.Coding)
                : null,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ModelGateway>>()));
        return services;
    }
}
