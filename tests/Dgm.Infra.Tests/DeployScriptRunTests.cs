using Dgm.Testing;

namespace Dgm.Infra.Tests;

/// <summary>
/// infra/deploy.sh run for real against stand-ins for the Azure CLI and `dotnet publish` (FakeCli/): what it checks
/// before it creates anything, what --what-if does, and the function list it requires after publishing.
/// </summary>
public sealed class DeployScriptRunTests : IDisposable
{
    private const string CurrentModels = "gpt-5.6-sol:2026-07-09 gpt-5.6-terra:2026-07-09 gpt-5.5:2026-04-24";

    private readonly TempDirectory _dir = new("dgm-deploy");

    /// <summary>The function list the SDK generated for the real app (the test project builds it first).</summary>
    private static string Metadata => Path.Combine(Repository.Root, "functions", "Dgm.Functions", "bin", Configuration, "net10.0", "functions.metadata");

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static IReadOnlyList<string> PackagedFunctions =>
        File.ReadLines(Metadata).Where(l => l.StartsWith("    \"name\": \"", StringComparison.Ordinal)).Select(l => l.Split('"')[3]).ToList();

    [Fact]
    public async Task A_model_the_region_cannot_deploy_stops_the_script_before_anything_is_created_and_lists_what_can()
    {
        var run = await DeployAsync("gpt-5.6-sol:2026-07-09 gpt-5.5:2026-04-24", listed: null, options: []);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("the coding model gpt-5.6-terra 2026-07-09 cannot be deployed on GlobalStandard in swedencentral", run.Output, StringComparison.Ordinal);
        Assert.Contains("gpt-5.5:2026-04-24", run.Output, StringComparison.Ordinal);
        Assert.Contains("--coding-model NAME:VERSION", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Calls, c => c.StartsWith("az group create", StringComparison.Ordinal) || c.StartsWith("az deployment", StringComparison.Ordinal));
    }

    [Fact]
    public async Task What_if_shows_the_changes_with_the_chosen_models_and_creates_nothing()
    {
        var run = await DeployAsync("--what-if", "--coding-model", "gpt-5.5:2026-04-24");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("Resource changes: 31 to create.", run.Output, StringComparison.Ordinal);
        var whatIf = Assert.Single(run.Calls, c => c.StartsWith("az deployment group what-if", StringComparison.Ordinal));
        Assert.Contains("codingModelName=gpt-5.5 codingModelVersion=2026-04-24", whatIf, StringComparison.Ordinal);
        Assert.Contains("diagnosisModelName=gpt-5.6-sol diagnosisModelVersion=2026-07-09", whatIf, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Calls, c => c.StartsWith("az group create", StringComparison.Ordinal)
            || c.StartsWith("az deployment group create", StringComparison.Ordinal) || c.StartsWith("dotnet", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_deployment_whose_app_lists_every_packaged_function_succeeds_after_syncing_its_triggers()
    {
        var run = await DeployAsync();

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains(run.Calls, c => c.StartsWith("az rest --method post", StringComparison.Ordinal) && c.Contains("/sites/dgm-func-abc/syncfunctiontriggers", StringComparison.Ordinal));
        Assert.Contains($"functions:    {PackagedFunctions.Count} listed", run.Output, StringComparison.Ordinal);
        Assert.Contains("RunOrchestrator", PackagedFunctions);
        Assert.Contains("StartJobActivity", PackagedFunctions);
    }

    [Fact]
    public async Task A_deployment_whose_app_misses_functions_fails_naming_them()
    {
        var run = await DeployAsync(CurrentModels, listed: PackagedFunctions.Where(f => f is not ("RunOrchestrator" or "DiagnoseActivity")), options: []);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("the app does not list these functions: DiagnoseActivity RunOrchestrator", run.Output, StringComparison.Ordinal);
        Assert.Equal(6, run.Calls.Count(c => c.StartsWith("az rest --method post", StringComparison.Ordinal)));
    }

    public void Dispose() => _dir.Dispose();

    private Task<DeployRun> DeployAsync(params string[] options) => DeployAsync(CurrentModels, listed: null, options);

    private async Task<DeployRun> DeployAsync(string deployable, IEnumerable<string>? listed, string[] options)
    {
        Assert.True(File.Exists(Metadata), $"{Metadata} is missing: build functions/Dgm.Functions ({Configuration}) first");
        var log = _dir.Combine("calls.log");
        var functions = _dir.Combine("functions.txt");
        File.WriteAllLines(functions, listed ?? PackagedFunctions);
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = $"{Path.Combine(AppContext.BaseDirectory, "FakeCli")}:/usr/bin:/bin",
            ["HOME"] = _dir.Path,
            ["FAKE_LOG"] = log,
            ["FAKE_DEPLOYABLE"] = deployable,
            ["FAKE_GROUP_EXISTS"] = "true",
            ["FAKE_FUNCTIONS"] = functions,
            ["FAKE_METADATA"] = Metadata,
            ["DGM_DEPLOY_RETRY_SECONDS"] = "0",
        };

        var result = await ProcessRunner.RunAsync(
            "bash", [Repository.DeployScript, "dgm-test", "swedencentral", "--image-tag", "t1", .. options], _dir.Path, TimeSpan.FromMinutes(2), environment);
        return new DeployRun(result.ExitCode, result.Output, File.Exists(log) ? File.ReadAllLines(log) : []);
    }

    private sealed record DeployRun(int ExitCode, string Output, IReadOnlyList<string> Calls);
}
