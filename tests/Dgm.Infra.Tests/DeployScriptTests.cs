using Dgm.Testing;
using System.Text.RegularExpressions;

namespace Dgm.Infra.Tests;

/// <summary>infra/deploy.sh cannot run here (no Azure); check that it parses, does the documented steps, and agrees with main.bicep.</summary>
[Collection(BicepTemplates.Name)]
public sealed partial class DeployScriptTests(BicepBuild build)
{
    private static readonly string Script = File.ReadAllText(Repository.DeployScript);

    // The script without its comments (documentation may say what it never does).
    private static readonly string Code = CommentLine().Replace(Script, "");

    [Fact]
    public async Task Script_parses_with_bash_n()
    {
        var result = await ProcessRunner.RunAsync("bash", ["-n", Repository.DeployScript], Repository.Root, TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public void Script_is_strict_and_checks_for_the_cli_and_a_login()
    {
        Assert.StartsWith("#!/usr/bin/env bash", Script, StringComparison.Ordinal);
        Assert.Contains("set -euo pipefail", Script, StringComparison.Ordinal);
        Assert.Contains("command -v az", Script, StringComparison.Ordinal);
        Assert.Contains("az account show", Script, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("az group create")]
    [InlineData("az deployment group create")]
    [InlineData("bicep/main.bicep")]
    [InlineData("az acr build")]
    [InlineData("infra/sandbox")]
    [InlineData("Dockerfile")]
    [InlineData("dotnet publish")]
    [InlineData("functions/Dgm.Functions")]
    [InlineData("az functionapp deployment source config-zip")]
    [InlineData("--prefix")]
    [InlineData("--image-tag")]
    public void Script_does_the_documented_step(string fragment)
    {
        Assert.Contains(fragment, Script, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("keys list")]
    [InlineData("listKeys")]
    [InlineData("credential show")]
    [InlineData("admin-enabled")]
    [InlineData("publishing-profile")]
    [InlineData("publish-profile")]
    [InlineData("connection-string")]
    [InlineData("generate-sas")]
    [InlineData("AccountKey")]
    [InlineData("password")]
    public void Script_never_fetches_or_prints_a_secret(string fragment)
    {
        Assert.DoesNotContain(fragment, Code, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Script_passes_only_parameters_that_main_declares()
    {
        var line = ParametersLine().Match(Script);
        Assert.True(line.Success, "no --parameters line");
        var names = ParameterName().Matches(line.Groups["list"].Value).Select(m => m.Groups["name"].Value).ToList();
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.True(build.Main.Parameters.ContainsKey(n), $"main.bicep has no parameter '{n}'"));
        Assert.Contains("sandboxResourceGroupName", names);
        Assert.Contains("sandboxImageTag", names);
    }

    [Fact]
    public void Script_reads_only_outputs_that_main_declares()
    {
        var names = OutputRead().Matches(Script).Select(m => m.Groups["name"].Value).Distinct().ToList();
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.True(build.Main.Outputs.ContainsKey(n), $"main.bicep has no output '{n}'"));
    }

    [Fact]
    public void Default_sandbox_resource_group_matches_the_template_default()
    {
        Assert.Contains("${resource_group}-sandboxes", Script, StringComparison.Ordinal);
        Assert.Equal("[format('{0}-sandboxes', resourceGroup().name)]", (string?)build.Main.Parameters["sandboxResourceGroupName"]?["defaultValue"]);
    }

    [Fact]
    public void Script_pushes_the_image_repository_the_app_is_told_to_run()
    {
        Assert.Equal("dgm-sandbox", (string?)build.Main.Variables["sandboxImageRepository"]);
        Assert.Contains("--image \"dgm-sandbox:$image_tag\"", Code, StringComparison.Ordinal);
        Assert.Contains("sandboxImageTag=\"$image_tag\"", Code, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\s*#.*$", RegexOptions.Multiline)]
    private static partial Regex CommentLine();

    [GeneratedRegex(@"--parameters (?<list>[^\n]*)")]
    private static partial Regex ParametersLine();

    [GeneratedRegex(@"(?<name>\w+)=""")]
    private static partial Regex ParameterName();

    [GeneratedRegex(@"\(output (?<name>\w+)\)")]
    private static partial Regex OutputRead();
}
