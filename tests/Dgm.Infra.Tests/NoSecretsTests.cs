using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Dgm.Infra.Tests;

/// <summary>No key, password or connection string anywhere in the templates or the app settings.</summary>
[Collection(BicepTemplates.Name)]
public sealed partial class NoSecretsTests(BicepBuild build)
{
    [Fact]
    public void No_bicep_source_contains_a_key_password_or_connection_string()
    {
        Assert.NotEmpty(build.Sources);
        var findings = build.Sources.SelectMany(s => SecretScanner.ScanBicep(s.Value).Select(f => $"{s.Key}: {f}")).ToList();
        Assert.True(findings.Count == 0, string.Join('\n', findings));
    }

    [Fact]
    public void No_compiled_template_contains_a_key_password_or_connection_string()
    {
        Assert.NotEmpty(build.Templates);
        var findings = build.Templates.SelectMany(t => SecretScanner.ScanTemplate(t.Value).Select(f => $"{t.Key}: {f}")).ToList();
        Assert.True(findings.Count == 0, string.Join('\n', findings));
    }

    [Fact]
    public void No_template_has_a_secure_parameter_with_a_default_value()
    {
        foreach (var (file, json) in build.Templates)
        {
            foreach (var template in new ArmTemplate(json).SelfAndNested)
            {
                foreach (var (name, parameter) in template.Parameters)
                {
                    var type = ((string?)parameter!["type"])?.ToLowerInvariant();
                    if (type is "securestring" or "secureobject" && parameter["defaultValue"] is not null)
                    {
                        Assert.Fail($"{file}: secure parameter '{name}' has a default value");
                    }
                }
            }
        }

        Assert.All(build.Sources, s => Assert.DoesNotMatch(SecureParameterWithDefault(), s.Value));
    }

    [Fact]
    public void No_app_setting_name_says_it_holds_a_key_password_or_connection_string()
    {
        var names = ResourceSecurityTests.AppSettings(build.Main).Select(p => p.Key).ToList();
        var siteConfig = build.Main.Single("Microsoft.Web/sites")["properties"]!["siteConfig"]!["appSettings"]?.AsArray()
            .Select(s => (string)s!["name"]!) ?? [];
        var offending = names.Concat(siteConfig).Where(SecretScanner.IsSecretSettingName).ToList();
        Assert.True(offending.Count == 0, string.Join(", ", offending));
    }

    [Fact]
    public void The_one_allowed_connection_string_setting_only_locates_an_Application_Insights_that_refuses_keys()
    {
        var settings = ResourceSecurityTests.AppSettings(build.Main);
        Assert.Equal("[reference('appInsights').ConnectionString]", (string?)settings[SecretScanner.AppInsightsSetting]);
        var component = build.Main.Module("functionapp").Template.BySymbol("appInsights");
        Assert.Equal("Microsoft.Insights/components", (string?)component?["type"]);
        Assert.Equal("[parameters('appInsightsName')]", (string?)component?["name"]);
        Assert.StartsWith("[format('Authorization=AAD;", (string?)settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);

        // The component the setting points at is the one created here, with local (key) authentication disabled.
        Assert.Equal("[variables('names').appInsights]", (string?)build.Main.Module("functionapp").Argument("appInsightsName"));
        Assert.Equal("[variables('names').appInsights]", (string?)build.Main.Module("monitoring").Argument("appInsightsName"));
        Assert.True((bool)build.Main.Single("Microsoft.Insights/components")["properties"]!["DisableLocalAuth"]!);
    }

    [Fact]
    public void No_output_is_secure_or_carries_a_secret()
    {
        foreach (var (file, json) in build.Templates)
        {
            foreach (var template in new ArmTemplate(json).SelfAndNested)
            {
                foreach (var (name, output) in template.Outputs)
                {
                    var value = (string?)output!["value"] ?? "";
                    Assert.False(((string?)output["type"])?.StartsWith("secure", StringComparison.OrdinalIgnoreCase) ?? false, $"{file}: output {name}");
                    Assert.Empty(SecretScanner.Scan(value));
                }
            }
        }
    }

    [Theory]
    [InlineData("var k = storage.listKeys().keys[0].value")]
    [InlineData("value: 'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abc'")]
    [InlineData("value: 'InstrumentationKey=00000000-0000-0000-0000-000000000000'")]
    [InlineData("param adminPassword string")]
    [InlineData("StorageConnectionString: storage.properties.primaryEndpoints.blob")]
    [InlineData("value: 'Endpoint=sb://x/;SharedAccessKeyName=a;SharedAccessKey=b'")]
    [InlineData("properties: { disableLocalAuth: false }")]
    public void The_scanner_catches_what_it_is_for(string bicep)
    {
        Assert.NotEmpty(SecretScanner.ScanBicep(bicep));
    }

    [Fact]
    public void The_scanner_catches_secrets_in_compiled_templates_and_setting_names()
    {
        var template = JsonNode.Parse("""{ "resources": [ { "properties": { "value": "[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'x'), '2025-01-01').keys[0].value]" } } ] }""")!.AsObject();
        Assert.NotEmpty(SecretScanner.ScanTemplate(template));
        Assert.True(SecretScanner.IsSecretSettingName("AzureWebJobsStorage__ConnectionString"));
        Assert.True(SecretScanner.IsSecretSettingName("OPENAI_API_KEY"));
        Assert.True(SecretScanner.IsSecretSettingName("Dgm__Gateway__SigningKey"));
        Assert.False(SecretScanner.IsSecretSettingName("AzureWebJobsStorage__accountName"));
        Assert.False(SecretScanner.IsSecretSettingName(SecretScanner.AppInsightsSetting));
    }

    [GeneratedRegex(@"@secure\(\)\s*param\s+\w+\s+\w+\s*=")]
    private static partial Regex SecureParameterWithDefault();
}
