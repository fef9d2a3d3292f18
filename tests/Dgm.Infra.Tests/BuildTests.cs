namespace Dgm.Infra.Tests;

/// <summary>Every .bicep file under bicep/ compiles with the linter on and nothing to say.</summary>
[Collection(BicepTemplates.Name)]
public sealed class BuildTests(BicepBuild build)
{
    [Fact]
    public void Bicep_build_succeeds()
    {
        Assert.True(build.Result.ExitCode == 0, $"bicep build exited {build.Result.ExitCode}:\n{build.Result.Output}");
    }

    [Fact]
    public void Bicep_build_reports_no_warnings_or_errors()
    {
        Assert.True(build.Diagnostics.Count == 0, "bicep build diagnostics:\n" + string.Join('\n', build.Diagnostics));
    }

    [Fact]
    public void Every_bicep_file_was_compiled()
    {
        Assert.Contains("main.bicep", build.SourceFiles);
        Assert.True(build.SourceFiles.Count(f => f.StartsWith("modules/", StringComparison.Ordinal)) >= 10, string.Join(", ", build.SourceFiles));
        Assert.Equal(build.SourceFiles, build.Templates.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_linter_is_on_and_not_silenced()
    {
        var config = File.ReadAllText(Path.Combine(Repository.BicepFolder, "bicepconfig.json"));
        Assert.Contains("\"enabled\": true", config, StringComparison.Ordinal);
        // Rules are made stricter or enabled; the only rule switched off is the date-dependent API-age check.
        var off = System.Text.RegularExpressions.Regex.Matches(config, "\"(?<rule>[a-z-]+)\":\\s*\\{\\s*\"level\":\\s*\"off\"")
            .Select(m => m.Groups["rule"].Value);
        Assert.Equal(["use-recent-api-versions"], off);
    }

    [Fact]
    public void Main_is_a_resource_group_scope_template()
    {
        Assert.Contains("deploymentTemplate.json", (string?)build.Templates["main.bicep"]["$schema"], StringComparison.Ordinal);
        Assert.Contains("targetScope = 'resourceGroup'", build.Sources["main.bicep"], StringComparison.Ordinal);
    }
}
