using Dgm.Testing;

namespace Dgm.Cli.Tests;

public sealed class CommandTests : IDisposable
{
    private readonly TempDirectory _dir = new("dgm-cli");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Help_lists_the_commands_and_what_the_demo_does()
    {
        var help = await Dgm.RunAsync(_dir.Path, "--help");
        Assert.Equal(0, help.ExitCode);
        foreach (var command in new[] { "run", "resume", "status", "report", "eval", "bench", "doctor" })
        {
            Assert.Contains($"  {command}", help.Output, StringComparison.Ordinal);
        }

        Assert.Contains("scripted, no AI", help.Output, StringComparison.Ordinal);
        var runHelp = await Dgm.RunAsync(_dir.Path, "run", "--help");
        Assert.Contains("--set", runHelp.Output, StringComparison.Ordinal);
        Assert.Contains("--policy", runHelp.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_config_exits_64_and_lists_every_problem_with_its_path()
    {
        var config = _dir.Combine("bad.json");
        File.WriteAllText(config, """{ "iterations": -1, "stages": [ { "tasks": 5 }, { "tasks": 5, "minResolvedFraction": 1.5 } ], "selection": { "policy": "hgm" } }""");
        var result = await Dgm.RunAsync(_dir.Path, "run", "--config", config, "--set", "budget.dollars=0", "--set", "budget.tokens");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("bad.json has 4 problems", result.Output, StringComparison.Ordinal);
        Assert.Contains("--set 'budget.tokens' must look like path=value", result.Output, StringComparison.Ordinal);
        Assert.Contains("iterations must be within [0,100000], got -1", result.Output, StringComparison.Ordinal);
        Assert.Contains("stages[1].minResolvedFraction must be within [0,1], got 1.5", result.Output, StringComparison.Ordinal);
        Assert.Contains("budget.dollars must be greater than 0, got 0", result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.Combine("dgm-data", "store", "runs")));

        var missing = await Dgm.RunAsync(_dir.Path, "run", "--config", _dir.Combine("nope.json"));
        Assert.Equal(ExitCodes.Usage, missing.ExitCode);
        Assert.Contains("nope.json does not exist", missing.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overrides_reach_the_effective_configuration()
    {
        var result = await Dgm.RunAsync(_dir.Path, "run", "--print-config", "--iterations", "5", "--policy", "hgm", "--seed", "9", "--set", "stages[1].tasks=20");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\"iterations\": 5", result.Output, StringComparison.Ordinal);
        Assert.Contains("\"policy\": \"hgm\"", result.Output, StringComparison.Ordinal);
        Assert.Contains("\"seed\": 9", result.Output, StringComparison.Ordinal);
        Assert.Contains("\"tasks\": 20", result.Output, StringComparison.Ordinal);
        Assert.Contains("\"cassette\": \"demo\"", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_runs_exit_3()
    {
        Assert.Equal(ExitCodes.NotFound, (await Dgm.RunAsync(_dir.Path, "status", "nothing")).ExitCode);
        Assert.Equal(ExitCodes.NotFound, (await Dgm.RunAsync(_dir.Path, "report", "nothing")).ExitCode);
    }

    [Fact]
    public async Task Doctor_finds_nothing_failing_here_and_run_refuses_a_data_folder_the_sandbox_binds()
    {
        var doctor = await Dgm.RunAsync(_dir.Path, "doctor");
        Assert.Equal(ExitCodes.Success, doctor.ExitCode);
        Assert.Contains("ok    isolation: bubblewrap", doctor.Output, StringComparison.Ordinal);
        Assert.Contains("ok    model (diagnosis, coding): replay of cassette 'demo' (scripted, no AI)", doctor.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("fail  ", doctor.Output, StringComparison.Ordinal);

        const string bound = "/usr/local/dgm-doctor-test";
        var refused = await Dgm.RunAsync(_dir.Path, "--data", bound, "run");
        Assert.Equal(ExitCodes.Failed, refused.ExitCode);
        Assert.Contains($"fail  data folder: {bound} is inside /usr, which every sandbox job sees read-only", refused.Output, StringComparison.Ordinal);
        Assert.Contains("fix: use --data with a folder outside /usr", refused.Output, StringComparison.Ordinal);
        Assert.Contains("dgm run refuses to start", refused.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(bound));
    }

    [Fact]
    public async Task The_starter_suite_is_verified_and_evaluated_by_name_on_an_empty_data_folder_with_progress()
    {
        // The whole suite is verified by .ci/run; here one task per language proves the name, the selection and the progress.
        string[] picked = ["py-lru-cache", "js-csv-quotes", "cs-business-days", "java-url-parts", "rs-glob-classes", "cpp-word-wrap"];
        var verify = await Dgm.RunAsync(_dir.Path, ["bench", "verify", "starter", .. picked.SelectMany(id => new[] { "--task", id })]);
        Assert.Equal(ExitCodes.Success, verify.ExitCode);
        Assert.Contains("verifying starter: 6/6 tasks", verify.Output, StringComparison.Ordinal);
        Assert.Contains("verifying starter: 3/6 tasks", verify.Output, StringComparison.Ordinal);
        Assert.Contains("6 task(s) verified", verify.Output, StringComparison.Ordinal);

        var unknown = await Dgm.RunAsync(_dir.Path, "bench", "verify", "starter", "--task", "py-no-such-task");
        Assert.Equal(ExitCodes.NotFound, unknown.ExitCode);
        Assert.Contains("Suite 'starter' has no task 'py-no-such-task'", unknown.Output, StringComparison.Ordinal);

        var eval = await Dgm.RunAsync(_dir.Path, "--data", _dir.Combine("fresh"), "eval", "--agent", RepositoryRoot.Combine("agent"), "--suite", "starter", "--tasks", "1");
        Assert.Equal(ExitCodes.Success, eval.ExitCode);
        Assert.Contains("evaluating on starter: 1/1 attempts", eval.Output, StringComparison.Ordinal);
        Assert.Contains("pass@1", eval.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_import_names_bad_tasks_and_keeps_the_good_ones()
    {
        var suite = Dgm.QuickSuite(_dir.Path);
        File.WriteAllText(Path.Combine(suite, "tasks", "py-lru-cache", "task.json"), """{"id":"wrong","language":"python","testCommand":"true"}""");
        var result = await Dgm.RunAsync(_dir.Path, "bench", "import", suite);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("py-lru-cache/task.json: id must equal the folder name", result.Output, StringComparison.Ordinal);
        Assert.Contains("imported 3 task(s) as suite 'quick' (1 skipped)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cost_of_an_iteration_in_the_readme_is_what_the_cost_model_computes()
    {
        var result = await Dgm.RunAsync(_dir.Path, "cost", "--config", RepositoryRoot.Combine("infra", "configs", "azure-defaults.json"));
        Assert.Equal(0, result.ExitCode);
        var total = System.Text.RegularExpressions.Regex.Match(result.Output, @"one iteration\s*│\s*2 children\s*│\s*(?<dollars>[0-9.]+)").Groups["dollars"].Value;
        Assert.NotEmpty(total);
        Assert.Contains($"**${total}**", File.ReadAllText(RepositoryRoot.Combine("README.md")), StringComparison.Ordinal);
    }
}
