using Dgm.Azure.Sandbox;
using Microsoft.Extensions.Configuration;

namespace Dgm.Functions;

/// <summary>
/// The app settings the function app reads (see bicep/README.md): where artifacts live, which Azure OpenAI
/// deployments serve the model roles, where sandboxes run, and default budgets. No key or connection string is read.
/// </summary>
public sealed record HostSettings
{
    public required Uri BlobServiceUri { get; init; }

    public string Container { get; init; } = "dgm";

    public required Uri AzureOpenAIEndpoint { get; init; }

    public required string DiagnosisDeployment { get; init; }

    public required string CodingDeployment { get; init; }

    public decimal DefaultDollars { get; init; } = 100m;

    public long DefaultTokens { get; init; } = 50_000_000;

    public required AciSandboxOptions Sandbox { get; init; }

    public static HostSettings From(IConfiguration configuration)
    {
        string Required(string key) => configuration[key] is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"App setting '{key.Replace(":", "__", StringComparison.Ordinal)}' is missing.");

        return new HostSettings
        {
            BlobServiceUri = new Uri(Required("Dgm:Artifacts:BlobServiceUri")),
            Container = configuration["Dgm:Artifacts:Container"] ?? "dgm",
            AzureOpenAIEndpoint = new Uri(Required("Dgm:Models:AzureOpenAIEndpoint")),
            DiagnosisDeployment = Required("Dgm:Models:DiagnosisDeployment"),
            CodingDeployment = Required("Dgm:Models:CodingDeployment"),
            DefaultDollars = decimal.Parse(configuration["Dgm:Budget:DefaultDollars"] ?? "100", System.Globalization.CultureInfo.InvariantCulture),
            DefaultTokens = long.Parse(configuration["Dgm:Budget:DefaultTokens"] ?? "50000000", System.Globalization.CultureInfo.InvariantCulture),
            Sandbox = new AciSandboxOptions
            {
                SubscriptionId = Required("Dgm:Sandbox:SubscriptionId"),
                ResourceGroup = Required("Dgm:Sandbox:ResourceGroup"),
                Location = Required("Dgm:Sandbox:Location"),
                Image = Required("Dgm:Sandbox:Image"),
                RegistryServer = Required("Dgm:Sandbox:RegistryServer"),
                IdentityResourceId = Required("Dgm:Sandbox:IdentityResourceId"),
                SubnetId = configuration["Dgm:Sandbox:SubnetId"],
                GatewayUrl = configuration["Dgm:Gateway:PublicUrl"] is { Length: > 0 } gateway ? new Uri(gateway) : null,
            },
        };
    }
}
