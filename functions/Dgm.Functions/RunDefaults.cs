using System.Text.Json.Nodes;
using Dgm.Core;

namespace Dgm.Functions;

/// <summary>
/// What a run posted to the app starts from before the caller's document is laid over it: the deployments of this
/// app's Azure OpenAI account, the default budgets, and Azure Container Instances' list prices.
/// </summary>
public static class RunDefaults
{
    /// <summary>Linux pay-as-you-go list prices of Azure Container Instances in East US, per hour as the Retail Prices API lists them (see README "What an iteration costs").</summary>
    public const decimal AciVcpuSecond = 0.0405m / 3600;

    public const decimal AciGbSecond = 0.00445m / 3600;

    public static JsonObject For(HostSettings settings) => new()
    {
        ["models"] = new JsonObject
        {
            ["diagnosis"] = Model(settings, settings.DiagnosisDeployment),
            ["coding"] = Model(settings, settings.CodingDeployment),
        },
        ["budget"] = new JsonObject { ["dollars"] = settings.DefaultDollars, ["tokens"] = settings.DefaultTokens },
        ["sandbox"] = new JsonObject
        {
            ["pollSeconds"] = 15,
            ["prices"] = new JsonObject { ["vcpuSecond"] = AciVcpuSecond, ["gbSecond"] = AciGbSecond },
        },
    };

    private static JsonObject Model(HostSettings settings, string deployment) => new()
    {
        ["provider"] = "azure_openai",
        ["endpoint"] = settings.AzureOpenAIEndpoint.ToString(),
        ["name"] = deployment,
        ["cassette"] = null,
    };
}
