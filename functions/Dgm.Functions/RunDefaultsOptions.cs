namespace Dgm.Functions;

/// <summary>
/// This app's model deployments and default budgets (configuration sections "Dgm:Models" and "Dgm:Budget", set by
/// bicep/), which every posted or scheduled run configuration starts from.
/// </summary>
public sealed class RunDefaultsOptions
{
    public const string ModelsSection = "Dgm:Models";

    public const string BudgetSection = "Dgm:Budget";

    public Uri? AzureOpenAIEndpoint { get; set; }

    public string DiagnosisDeployment { get; set; } = "";

    public string CodingDeployment { get; set; } = "";

    public decimal DefaultDollars { get; set; } = 100m;

    public long DefaultTokens { get; set; } = 50_000_000;
}
