using Azure.Core;
using Azure.Core.Serialization;
using Dgm.Azure;
using Dgm.Benchmarks;
using Dgm.Core;
using Dgm.Core.Artifacts;
using Dgm.Core.Gateway;
using Dgm.Core.Harness;
using Dgm.Core.Models;
using Dgm.Core.Runs;
using Dgm.Models;
using Dgm.Models.Backends;
using Dgm.Reports;
using Dgm.Workflow;
using Dgm.Workflow.Runs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dgm.Functions;

/// <summary>
/// The Azure host's composition: the cloud adapters, the workflow, and the functions' own services, with every
/// setting bound and validated when the host starts (a missing app setting stops the app with its name).
/// </summary>
public static class FunctionsServices
{
    public static IServiceCollection AddDgmFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RunDefaultsOptions>()
            .Bind(configuration.GetSection(RunDefaultsOptions.ModelsSection))
            .Bind(configuration.GetSection(RunDefaultsOptions.BudgetSection))
            .Validate(o => o.AzureOpenAIEndpoint is not null, $"app setting '{AppSettings.Name(RunDefaultsOptions.ModelsSection, nameof(RunDefaultsOptions.AzureOpenAIEndpoint))}' is missing")
            .Validate(o => o.DiagnosisDeployment.Length > 0, $"app setting '{AppSettings.Name(RunDefaultsOptions.ModelsSection, nameof(RunDefaultsOptions.DiagnosisDeployment))}' is missing")
            .Validate(o => o.CodingDeployment.Length > 0, $"app setting '{AppSettings.Name(RunDefaultsOptions.ModelsSection, nameof(RunDefaultsOptions.CodingDeployment))}' is missing")
            .ValidateOnStart();

        // Orchestration and activity payloads in the product's one JSON dialect, as on the local engine: the Durable
        // extension serializes with the worker's serializer.
        services.Configure<WorkerOptions>(worker => worker.Serializer = new JsonObjectSerializer(DgmJson.Compact));

        return services
            .AddDgmAzure(configuration)
            .AddSingleton<IChatClientProvider>(sp =>
                new ChatClientProvider(sp.GetRequiredService<IArtifactStore>(), _ => new ModelBackendOptions { Credential = sp.GetRequiredService<TokenCredential>() }))
            // The key is read from the store on first use (one blocking read per process), not while the host is built.
            .AddSingleton(sp => new GatewayTokens(() => GatewayKeyStore.LoadOrCreateAsync(sp.GetRequiredService<IArtifactStore>()).GetAwaiter().GetResult()))
            .AddSingleton<IToolchainProbe, SandboxImageToolchains>()
            .AddSingleton(BuiltIns.NextToBinaries())
            .AddDgmWorkflow()
            .AddSingleton(sp => new RunDefaultsDocument(RunDefaults.For(sp.GetRequiredService<IOptions<RunDefaultsOptions>>().Value)))
            .AddSingleton(sp => new RunManagement(
                sp.GetRequiredService<RunStore>(), sp.GetRequiredService<RunLifecycle>(), sp.GetRequiredService<RunDefaultsDocument>().Value, sp.GetRequiredService<TimeProvider>()))
            .AddSingleton<RunScheduler>()
            .AddSingleton(sp => new DashboardSite(sp.GetRequiredService<IArtifactStore>(), "/api", sp.GetRequiredService<TimeProvider>()));
    }
}
