using Dgm.Azure.Sandbox;
using Dgm.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace Dgm.Functions.Tests;

public class RunDefaultsTests
{
    private static readonly HostSettings Settings = new()
    {
        BlobServiceUri = new Uri("https://acct.blob.core.windows.net"),
        AzureOpenAIEndpoint = new Uri("https://dgm-ai.openai.azure.com/"),
        DiagnosisDeployment = "diagnosis",
        CodingDeployment = "coding",
        DefaultDollars = 25,
        DefaultTokens = 9_000_000,
        Sandbox = new AciSandboxOptions { SubscriptionId = "s", ResourceGroup = "g", Location = "eastus", Image = "i", RegistryServer = "r", IdentityResourceId = "id" },
    };

    [Fact]
    public void Posted_configs_get_the_apps_deployments_prices_and_budgets()
    {
        var config = RunConfigLoader.Load("""{"models":{"coding":{"name":"coding-large"}},"iterations":2}""", "post", defaults: RunDefaults.For(Settings));

        Assert.Equal(ModelProvider.AzureOpenAI, config.Models.Coding.Provider);
        Assert.Equal("https://dgm-ai.openai.azure.com/", config.Models.Coding.Endpoint);
        Assert.Equal("coding-large", config.Models.Coding.Name);
        Assert.Equal("diagnosis", config.Models.Diagnosis.Name);
        Assert.Equal(8m, config.Models.Coding.OutputPricePerMillion);
        Assert.Equal(0.0405m / 3600, config.Sandbox.Prices.VcpuSecond, 10);
        Assert.Equal(25m, config.Budget.Dollars);
        Assert.Equal(9_000_000, config.Budget.Tokens);
        Assert.Equal(2, config.Iterations);
    }

    [Fact]
    public void Missing_settings_are_named()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Dgm:Artifacts:BlobServiceUri"] = "https://a.blob.core.windows.net" })
            .Build();
        var ex = Assert.Throws<InvalidOperationException>(() => { HostSettings.From(configuration); });
        Assert.Contains("Dgm__Models__AzureOpenAIEndpoint", ex.Message, StringComparison.Ordinal);
    }
}
