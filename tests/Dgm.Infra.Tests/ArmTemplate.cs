using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Dgm.Infra.Tests;

/// <summary>A compiled ARM template (either codegen: resources as an array, or symbolic names as an object).</summary>
public sealed partial class ArmTemplate(JsonObject json)
{
    public JsonObject Json { get; } = json;

    public JsonObject Parameters => Json["parameters"]?.AsObject() ?? [];

    public JsonObject Variables => Json["variables"]?.AsObject() ?? [];

    public JsonObject Outputs => Json["outputs"]?.AsObject() ?? [];

    /// <summary>Resources with their symbolic name (null in array codegen).</summary>
    public IEnumerable<(string? Symbol, JsonObject Resource)> Resources =>
        Json["resources"] switch
        {
            JsonArray array => array.Select(r => ((string?)null, r!.AsObject())),
            JsonObject map => map.Select(p => ((string?)p.Key, p.Value!.AsObject())),
            _ => [],
        };

    public IEnumerable<JsonObject> OfType(string type) =>
        Resources.Select(r => r.Resource).Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    public JsonObject? BySymbol(string symbol) => Resources.FirstOrDefault(r => r.Symbol == symbol).Resource;

    /// <summary>The nested deployments (modules) of this template.</summary>
    public IEnumerable<Module> Modules =>
        OfType("Microsoft.Resources/deployments").Select(d => new Module(
            (string)d["name"]!,
            (string?)d["resourceGroup"],
            d["properties"]!["parameters"]?.AsObject() ?? [],
            new ArmTemplate(d["properties"]!["template"]!.AsObject())));

    public Module Module(string name) => Modules.Single(m => m.Name == name);

    /// <summary>This template and every nested one, depth first.</summary>
    public IEnumerable<ArmTemplate> SelfAndNested => [this, .. Modules.SelectMany(m => m.Template.SelfAndNested)];

    /// <summary>Every resource in this template and in nested templates, with the module (deployment) it is in.</summary>
    public IEnumerable<(string Module, JsonObject Resource)> AllResources =>
        Resources.Select(r => ("main", r.Resource))
            .Concat(Modules.SelectMany(m => m.Template.Resources.Select(r => (m.Name, r.Resource))));

    /// <summary>The one resource of a type that this deployment creates (references to existing resources do not count).</summary>
    public JsonObject Single(string type)
    {
        var matches = AllResources
            .Where(r => string.Equals((string?)r.Resource["type"], type, StringComparison.OrdinalIgnoreCase))
            .Where(r => r.Resource["existing"] is null || !(bool)r.Resource["existing"]!)
            .ToList();
        Assert.True(matches.Count == 1, $"expected exactly one {type}, found {matches.Count}");
        return matches[0].Resource;
    }

    /// <summary>Resolves a <c>variables('x').y</c> / <c>variables('x')</c> reference against this template's variables.</summary>
    public JsonNode? ResolveVariable(string expression)
    {
        var match = VariableReference().Match(expression);
        if (!match.Success)
        {
            return null;
        }

        var node = Variables[match.Groups["name"].Value];
        return match.Groups["member"].Success ? node?[match.Groups["member"].Value] : node;
    }

    [GeneratedRegex(@"variables\('(?<name>\w+)'\)(\.(?<member>\w+))?")]
    private static partial Regex VariableReference();
}

/// <summary>A module: a nested deployment, the parameter values the parent passes, and the module's template.</summary>
public sealed record Module(string Name, string? ResourceGroup, JsonObject Parameters, ArmTemplate Template)
{
    /// <summary>The parameter value the parent passes (a literal or an ARM expression string), as JSON.</summary>
    public JsonNode? Argument(string parameter) => Parameters[parameter]?["value"];
}
