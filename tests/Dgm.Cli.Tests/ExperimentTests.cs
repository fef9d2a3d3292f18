using System.Diagnostics;
using System.Text.Json.Nodes;
using Dgm.Testing;

namespace Dgm.Cli.Tests;

/// <summary>
/// One real `dgm experiment` (two policies × two seeds, one iteration of one child each, on the quick suite with the
/// replay model: scripted, no AI), then the report, compare and serve commands over its runs.
/// </summary>
public sealed class ExperimentRun : IAsyncLifetime
{
    public static readonly string[] RunIds = ["exp-score_child_prop-s0", "exp-score_child_prop-s1", "exp-no_darwin-s0", "exp-no_darwin-s1"];

    public TempDirectory Dir { get; } = new("dgm-experiment");

    public ProcessResult Result { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assert.Equal(0, (await Dgm.RunAsync(Dir.Path, "bench", "import", Dgm.QuickSuite(Dir.Path))).ExitCode);
        Assert.Equal(0, (await Dgm.RunAsync(Dir.Path, "bench", "verify", "quick")).ExitCode);
        var config = JsonNode.Parse(Dgm.QuickConfig)!.AsObject();
        config["iterations"] = 1;
        config["childrenPerIteration"] = 1;
        config["budget"] = JsonNode.Parse("""{ "dollars": 8, "tokens": 8000000, "sandboxSeconds": 40000 }""");
        File.WriteAllText(Dir.Combine("quick.json"), config.ToJsonString());
        Result = await Dgm.RunAsync(Dir.Path, "experiment", "--config", "quick.json", "--policies", "score_child_prop,no_darwin", "--seeds", "0,1", "--name", "exp", "--html", "compare.html");
    }

    public Task DisposeAsync()
    {
        Dir.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class ExperimentTests(ExperimentRun experiment) : IClassFixture<ExperimentRun>
{
    private string Data => experiment.Dir.Combine("dgm-data", "store", "runs");

    [Fact]
    public void The_experiment_runs_every_policy_and_seed_on_a_share_of_the_budget_and_reuses_builds()
    {
        Assert.True(experiment.Result.ExitCode == 0, experiment.Result.Output);
        var runs = ExperimentRun.RunIds.Select(id => JsonNode.Parse(File.ReadAllText(Path.Combine(Data, id, "run.json")))!).ToList();
        Assert.Equal(["score_child_prop", "score_child_prop", "no_darwin", "no_darwin"], runs.Select(r => r["config"]!["selection"]!["policy"]!.GetValue<string>()));
        Assert.Equal([0L, 1, 0, 1], runs.Select(r => r["config"]!["seed"]!.GetValue<long>()));
        Assert.All(runs, r => Assert.Equal("completed", r["status"]!.GetValue<string>()));
        Assert.All(runs, r => Assert.Equal((2m, 2_000_000L, 10_000d), (r["config"]!["budget"]!["dollars"]!.GetValue<decimal>(), r["config"]!["budget"]!["tokens"]!.GetValue<long>(), r["config"]!["budget"]!["sandboxSeconds"]!.GetValue<double>())));

        // The seed agent was built once, by the first run; the others found its build by the snapshot's hash.
        var seedBuilds = ExperimentRun.RunIds.Select(id => JsonNode.Parse(File.ReadAllText(Path.Combine(Data, id, "nodes", "seed", "node.json")))!["build"]!["logKey"]!.GetValue<string>()).Distinct().ToList();
        Assert.StartsWith($"runs/{ExperimentRun.RunIds[0]}/", Assert.Single(seedBuilds), StringComparison.Ordinal);

        Assert.Contains("no_darwin − score_child_prop", experiment.Result.Output, StringComparison.Ordinal);
        Assert.Contains("paired bootstrap", experiment.Result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_experiment_ends_with_a_comparison_page_of_its_policies_with_their_seeds_pooled()
    {
        var html = File.ReadAllText(experiment.Dir.Combine("compare.html"));
        var comparison = PageData.Of(html)["comparison"]!;
        var arms = comparison["arms"]!.AsArray();
        Assert.Equal(["score_child_prop", "no_darwin"], arms.Select(a => a!["label"]!.GetValue<string>()));
        Assert.Equal([ExperimentRun.RunIds[..2], ExperimentRun.RunIds[2..]], arms.Select(a => a!["runs"]!.AsArray().Select(r => r!["runId"]!.GetValue<string>()).ToArray()));
        Assert.Equal(2, arms[0]!["bestPerIteration"]!.AsArray().Count);
        Assert.Equal("no_darwin", comparison["differences"]![0]!["arm"]!.GetValue<string>());
    }

    [Fact]
    public async Task Report_and_compare_read_the_experiment_runs()
    {
        var report = await Dgm.RunAsync(experiment.Dir.Path, "report", ExperimentRun.RunIds[0], "--html", "out/report.html");
        Assert.True(report.ExitCode == 0, report.Output);
        Assert.Contains("wrote ", report.Output, StringComparison.Ordinal);
        var data = PageData.Of(File.ReadAllText(experiment.Dir.Combine("out", "report.html")));
        var nodes = Directory.GetDirectories(Path.Combine(Data, ExperimentRun.RunIds[0], "nodes")).Select(Path.GetFileName).Order();
        Assert.Equal(nodes, data["report"]!["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()).Order());
        Assert.Equal("../dgm-data/store/", data["artifactBase"]!.GetValue<string>());

        var compare = await Dgm.RunAsync(experiment.Dir.Path, "compare", ExperimentRun.RunIds[0], ExperimentRun.RunIds[2]);
        Assert.True(compare.ExitCode == 0, compare.Output);
        Assert.Contains($"{ExperimentRun.RunIds[2]} − {ExperimentRun.RunIds[0]}", compare.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.NotFound, (await Dgm.RunAsync(experiment.Dir.Path, "compare", ExperimentRun.RunIds[0], "nothing")).ExitCode);
    }

    [Fact]
    public async Task Serve_shows_the_runs_of_the_data_folder_on_loopback()
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = experiment.Dir.Path, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Dgm.Dll, "serve", "--port", "0" })
        {
            start.ArgumentList.Add(argument);
        }

        using var serve = Process.Start(start)!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            string? line;
            do
            {
                line = await serve.StandardOutput.ReadLineAsync(timeout.Token);
            }
            while (line is not null && !line.StartsWith("dashboard: ", StringComparison.Ordinal));

            var url = Assert.IsType<string>(line).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            Assert.StartsWith("http://127.0.0.1:", url, StringComparison.Ordinal);
            using var http = new HttpClient();
            Assert.Contains("DGM dashboard", await http.GetStringAsync(url, timeout.Token), StringComparison.Ordinal);
            var runs = JsonNode.Parse(await http.GetStringAsync(url + "/runs", timeout.Token))!.AsArray().Select(r => r!["run"]!["runId"]!.GetValue<string>());
            Assert.Equal(ExperimentRun.RunIds.Order(), runs.Order());
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
        }
    }
}
