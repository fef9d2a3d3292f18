using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dgm.Benchmarks;
using Dgm.Core.Runs;
using Dgm.Local.Dashboard;
using Dgm.Local.Hosting;
using Dgm.Testing;
using Dgm.Workflow;

namespace Dgm.Reports.Tests;

/// <summary>
/// A real `dgm serve` server over a fresh data folder with a suite of four fast starter tasks, and two real runs
/// started through its runs API with the replay model (scripted, no AI): <see cref="Demo"/> (score_child_prop,
/// 2 iterations × 2 children) and <see cref="NoDarwin"/> (no_darwin, 1 iteration × 2 children). Every test of the
/// collection reads these runs; the server's engine also runs what the dashboard tests start.
/// </summary>
public sealed class ServedDgm : IAsyncLifetime
{
    public const string Demo = "demo";
    public const string NoDarwin = "demo-no-darwin";

    private readonly TempDirectory _dir = new("dgm-reports");

    public DashboardServer Server { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public string DataDirectory => _dir.Combine("data");

    public RunStore Runs { get; private set; } = null!;

    public string StoreRoot => LocalDgm.OpenStore(DataDirectory).Root;

    /// <summary>Where tests write report files: beside the data folder, so artifact links resolve.</summary>
    public string Output => Directory.CreateDirectory(_dir.Combine("out")).FullName;

    /// <summary>Laid under every configuration started here: four quick tasks in two stages, short polls.</summary>
    public static JsonObject StartDefaults() => JsonNode.Parse("""
        {
          "models": {
            "diagnosis": { "provider": "replay", "cassette": "demo" },
            "coding": { "provider": "replay", "cassette": "demo" }
          },
          "childrenPerIteration": 2,
          "iterations": 2,
          "stages": [ { "tasks": 2 }, { "tasks": 2, "minResolvedFraction": 0.5 } ],
          "maxParallelJobs": 2,
          "benchmark": { "suite": "quick" },
          "sandbox": { "wallSeconds": { "selfModify": 240, "build": 300, "solve": 240, "grade": 240 }, "memoryMb": 2048, "diskMb": 1024, "pollSeconds": 0.2 },
          "seed": 0
        }
        """)!.AsObject();

    public async Task InitializeAsync()
    {
        var suite = StarterSubset.Write(_dir.Path, "quick", "py-duration-parse", "py-lru-cache", "js-csv-quotes", "js-semver-sort");
        var store = LocalDgm.OpenStore(DataDirectory);
        await SuiteStore.WriteAsync(store, FolderSuiteReader.Read(suite));
        Runs = new RunStore(store);
        Server = await DashboardServer.StartAsync(new DashboardServerOptions
        {
            Engine = new LocalDgmOptions
            {
                DataDirectory = DataDirectory,
                ConfigureWorkflow = TestWorkflow.Quick,
                BuiltIns = RepositoryRoot.BuiltIns,
            },
            StartDefaults = StartDefaults(),
            Port = 0,
            PollSeconds = 0.5,
        });
        Http = new HttpClient { BaseAddress = Server.Url };
        await RunAsync(Demo, "{}");
        await RunAsync(NoDarwin, """{"iterations": 1, "selection": {"policy": "no_darwin"}}""");
    }

    /// <summary>Starts a run through POST /api/runs and waits until its record says it ended.</summary>
    public async Task RunAsync(string runId, string config)
    {
        using var content = new StringContent(config, System.Text.Encoding.UTF8, "application/json");
        using var started = await Http.PostAsync($"api/runs?runId={runId}", content);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, started.StatusCode);
        await WaitForAsync(runId, run => run.Status != RunStatus.Running, TimeSpan.FromMinutes(12));
        Assert.Equal(RunStatus.Completed, (await Runs.GetRunAsync(runId)).Status);
    }

    public async Task<RunRecord> WaitForAsync(string runId, Func<RunRecord, bool> done, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        while (true)
        {
            if (await Runs.FindRunAsync(runId, limit.Token) is { } run && done(run))
            {
                return run;
            }

            await Task.Delay(250, limit.Token);
        }
    }

    public async Task<JsonNode> GetJsonAsync(string path) => (await Http.GetFromJsonAsync<JsonNode>(path))!;

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        _dir.Dispose();
    }
}

[CollectionDefinition(nameof(ServedDgm))]
public sealed class ServedDgmGroup : ICollectionFixture<ServedDgm>, ICollectionFixture<Chromium>;
