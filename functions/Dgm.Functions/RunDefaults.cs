using System.Text.Json.Nodes;

namespace Dgm.Functions;

/// <summary>
/// What a run posted to the app starts from before the caller's document is laid over it: infra/configs/azure-defaults.json
/// (the prices of the default deployments and of Azure Container Instances, see README "What an iteration costs"), with
/// this app's Azure OpenAI endpoint, deployment names and default budgets filled in from its settings.
/// </summary>
public static class RunDefaults
{
    public static JsonObject For(RunDefaultsOptions settings)
    {
        using var stream = typeof(RunDefaults).Assembly.GetManifestResourceStream("Dgm.Functions.azure-defaults.json")
            ?? throw new InvalidOperationException("azure-defaults.json is missing from the app.");
        var defaults = JsonNode.Parse(stream)!.AsObject();
        foreach (var (role, deployment) in new[] { ("diagnosis", settings.DiagnosisDeployment), ("coding", settings.CodingDeployment) })
        {
            var model = defaults["models"]![role]!.AsObject();
            model["endpoint"] = settings.AzureOpenAIEndpoint?.ToString();
            model["name"] = deployment;
        }

        defaults["budget"] = new JsonObject { ["dollars"] = settings.DefaultDollars, ["tokens"] = settings.DefaultTokens };
        return defaults;
    }
}
