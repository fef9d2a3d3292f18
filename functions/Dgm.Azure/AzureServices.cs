using Azure.Core;
using Azure.Identity;
using Dgm.Azure.Artifacts;
using Dgm.Azure.Sandbox;
using Dgm.Core.Artifacts;
using Dgm.Core.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dgm.Azure;

/// <summary>The cloud adapters: Blob Storage as the artifact store and Container Instances as the sandbox, with the app's managed identity.</summary>
public static class AzureServices
{
    public static IServiceCollection AddDgmAzure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BlobStoreOptions>()
            .Bind(configuration.GetSection(BlobStoreOptions.Section))
            .Validate(o => o.BlobServiceUri is not null, $"app setting '{AppSettings.Name(BlobStoreOptions.Section, nameof(BlobStoreOptions.BlobServiceUri))}' is missing")
            .ValidateOnStart();
        services.AddOptions<AciSandboxOptions>()
            .Bind(configuration.GetSection(AciSandboxOptions.Section))
            .PostConfigure(o => o.GatewayUrl ??= configuration["Dgm:Gateway:PublicUrl"] is { Length: > 0 } gateway ? new Uri(gateway) : null)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AciSandboxOptions>, AciSandboxOptionsValidation>());
        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<BlobStoreOptions>>().Value;
            return BlobArtifactStore.FromServiceUri(options.BlobServiceUri!, options.Container, sp.GetRequiredService<TokenCredential>());
        });
        services.TryAddSingleton<IArtifactStore>(sp => sp.GetRequiredService<BlobArtifactStore>());
        services.TryAddSingleton<ISandbox>(sp => new AciSandbox(
            sp.GetRequiredService<TokenCredential>(),
            sp.GetRequiredService<BlobArtifactStore>(),
            sp.GetRequiredService<IOptions<AciSandboxOptions>>().Value,
            logger: sp.GetRequiredService<ILogger<AciSandbox>>(),
            time: sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    private sealed class AciSandboxOptionsValidation : IValidateOptions<AciSandboxOptions>
    {
        public ValidateOptionsResult Validate(string? name, AciSandboxOptions options) => AppSettings.Require(AciSandboxOptions.Section, options.Required());
    }
}
