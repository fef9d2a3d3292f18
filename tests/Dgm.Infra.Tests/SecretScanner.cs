using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Dgm.Infra.Tests;

/// <summary>
/// Finds keys, passwords and connection strings in template text: key-listing functions, credential strings, and
/// names that say "secret". Documentation (Bicep comments, @description text, ARM metadata) is not scanned.
/// </summary>
public static partial class SecretScanner
{
    /// <summary>The one connection-string setting the Functions host cannot do without (see bicep/README.md).</summary>
    public const string AppInsightsSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    private static readonly (string Name, Regex Pattern)[] Patterns =
    [
        ("list* function (keys, secrets, credentials)", ListFunction()),
        ("account key", new Regex(@"AccountKey\s*=", RegexOptions.IgnoreCase)),
        ("shared access key", new Regex("SharedAccessKey", RegexOptions.IgnoreCase)),
        ("SAS signature", new Regex(@"SharedAccessSignature|[?&]sig=", RegexOptions.IgnoreCase)),
        ("instrumentation key", new Regex(@"InstrumentationKey\s*=|APPINSIGHTS_INSTRUMENTATIONKEY", RegexOptions.IgnoreCase)),
        ("storage connection string", new Regex("DefaultEndpointsProtocol", RegexOptions.IgnoreCase)),
        ("connection string", new Regex(@"connection[_\s]?string", RegexOptions.IgnoreCase)),
        ("password", new Regex("passw(or)?d|pwd", RegexOptions.IgnoreCase)),
        ("secret", new Regex("secret", RegexOptions.IgnoreCase)),
        ("api key", new Regex(@"api[_-]?key|primaryKey|secondaryKey|accessKey", RegexOptions.IgnoreCase)),
        ("shared key access enabled", new Regex(@"allowSharedKeyAccess\W+true", RegexOptions.IgnoreCase)),
        ("local auth enabled", new Regex(@"disableLocalAuth\W+false", RegexOptions.IgnoreCase)),
        ("registry admin user", new Regex(@"adminUserEnabled\W+true", RegexOptions.IgnoreCase)),
    ];

    /// <summary>Findings in Bicep source, after removing comments, @description(...) text and the allowed setting.</summary>
    public static IReadOnlyList<string> ScanBicep(string source)
    {
        var code = BicepBlockComment().Replace(source, " ");
        code = BicepLineComment().Replace(code, "");
        code = BicepDescription().Replace(code, "");
        code = AllowedBicepSetting().Replace(code, "", 1);
        return Scan(code);
    }

    /// <summary>Findings in a compiled ARM template, without metadata and without the allowed setting.</summary>
    public static IReadOnlyList<string> ScanTemplate(JsonObject template)
    {
        var copy = template.DeepClone().AsObject();
        RemoveMetadataAndAllowedSetting(copy, AppInsightsSymbols(copy));
        return Scan(copy.ToJsonString());
    }

    public static IReadOnlyList<string> Scan(string text) =>
        Patterns.SelectMany(p => p.Pattern.Matches(text).Select(m => $"{p.Name}: ...{Context(text, m)}...")).ToList();

    /// <summary>True when an app setting name says it holds a secret.</summary>
    public static bool IsSecretSettingName(string name) =>
        name != AppInsightsSetting && SecretSettingName().IsMatch(name);

    /// <summary>
    /// Removes documentation, and the App Insights setting where its value is the ConnectionString property of an
    /// Application Insights component (by resource id, or by the symbolic name of a component in the same template).
    /// </summary>
    private static void RemoveMetadataAndAllowedSetting(JsonNode? node, HashSet<string> componentSymbols)
    {
        switch (node)
        {
            case JsonObject obj:
                obj.Remove("metadata");
                if (obj.ContainsKey("$schema"))
                {
                    componentSymbols = AppInsightsSymbols(obj);
                }

                if (obj[AppInsightsSetting] is JsonValue value && IsAppInsightsConnectionString((string?)value, componentSymbols))
                {
                    obj.Remove(AppInsightsSetting);
                }

                foreach (var child in obj.Select(p => p.Value).ToList())
                {
                    RemoveMetadataAndAllowedSetting(child, componentSymbols);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    RemoveMetadataAndAllowedSetting(child, componentSymbols);
                }

                break;
        }
    }

    private static bool IsAppInsightsConnectionString(string? value, HashSet<string> componentSymbols)
    {
        var match = AllowedArmSettingValue().Match(value ?? "");
        return match.Success && (!match.Groups["symbol"].Success || componentSymbols.Contains(match.Groups["symbol"].Value));
    }

    private static HashSet<string> AppInsightsSymbols(JsonObject template) =>
        template["resources"] is JsonObject symbolic
            ? symbolic.Where(p => (string?)p.Value?["type"] == "Microsoft.Insights/components").Select(p => p.Key).ToHashSet()
            : [];

    private static string Context(string text, Match match)
    {
        var start = Math.Max(0, match.Index - 40);
        var end = Math.Min(text.Length, match.Index + match.Length + 40);
        return text[start..end].ReplaceLineEndings(" ");
    }

    // listKeys(...), listSecrets(...), listCredentials(...), listConnectionStrings(...), listAccountSas(...), ...
    [GeneratedRegex(@"\blist[A-Z]\w*\s*\(")]
    private static partial Regex ListFunction();

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex BicepBlockComment();

    [GeneratedRegex(@"(?<!:)//[^\n]*")]
    private static partial Regex BicepLineComment();

    [GeneratedRegex(@"@(sys\.)?description\('(\\'|[^'])*'\)")]
    private static partial Regex BicepDescription();

    [GeneratedRegex(@"APPLICATIONINSIGHTS_CONNECTION_STRING:\s*appInsights\.properties\.ConnectionString\b")]
    private static partial Regex AllowedBicepSetting();

    [GeneratedRegex(@"^\[reference\((resourceId\('Microsoft\.Insights/components', parameters\('\w+'\)\), '[0-9-]+'|'(?<symbol>\w+)')\)\.ConnectionString\]$")]
    private static partial Regex AllowedArmSettingValue();

    [GeneratedRegex(@"(connection_?string|key|passw(or)?d|secret|sas_?token)s?$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretSettingName();
}
