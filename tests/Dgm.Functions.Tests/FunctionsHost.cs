using System.Text;
using System.Text.Json.Nodes;
using Dgm.Benchmarks;
using Dgm.Local.Hosting;
using Dgm.Testing;
using Dgm.Workflow;
using Dgm.Workflow.Runs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Dgm.Functions.Tests;

/// <summary>
/// The function classes over a local DGM: the replay model (scripted, no AI), a suite of two fast starter tasks, and
/// defaults that keep runs short. One instance per test class; runs share the store so builds are reused.
/// </summary>
public sealed class FunctionsHost : IAsyncLifetime
{
    private readonly TempDirectory _data = new("dgm-functions");

    /// <summary>A scratch folder of this host's (suites tests write).</summary>
    public string DataDirectory => _data.Path;

    public LocalDgm Dgm { get; private set; } = null!;

    public RunDefaultsDocument Defaults { get; } = new(JsonNode.Parse("""
        {
          "models": {
            "diagnosis": { "provider": "replay", "cassette": "demo" },
            "coding": { "provider": "replay", "cassette": "demo" }
          },
          "iterations": 0,
          "stages": [ { "tasks": 2 } ],
          "maxParallelJobs": 2,
          "benchmark": { "suite": "pair" },
          "sandbox": { "memoryMb": 2048, "diskMb": 1024, "pollSeconds": 0.2, "wallSeconds": { "solve": 10, "grade": 10 } }
        }
        """)!.AsObject());

    public RunsApi Runs => new(Dgm.Runs, new RunManagement(Dgm.Runs, Dgm.Lifecycle, Defaults.Value, TimeProvider.System));

    public async Task InitializeAsync()
    {
        Dgm = await LocalDgm.StartAsync(new LocalDgmOptions
        {
            DataDirectory = _data.Combine("data"),
            ConfigureWorkflow = TestWorkflow.Quick,
            BuiltIns = RepositoryRoot.BuiltIns,
        });
        var suite = StarterSubset.Write(_data.Path, "pair", "py-lru-cache", "js-semver-sort");
        await SuiteStore.WriteAsync(Dgm.Store, FolderSuiteReader.Read(suite));
    }

    public async Task DisposeAsync()
    {
        await Dgm.DisposeAsync();
        _data.Dispose();
    }

    public static HttpRequest Request(string method, string? body = null, string? query = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("dgm.example");
        context.Request.QueryString = query is null ? QueryString.Empty : new QueryString(query);
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body ?? ""));
        return context.Request;
    }

    public static (int Status, JsonNode Json) Read(IActionResult result)
    {
        var content = Assert.IsType<ContentResult>(result);
        return (content.StatusCode!.Value, JsonNode.Parse(content.Content!)!);
    }

    /// <summary>Waits until the orchestration of <paramref name="id"/> ended and, for runs, run.json says so.</summary>
    public async Task WaitAsync(string id)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await Dgm.Client.WaitForInstanceCompletionAsync(id, timeout.Token);
        while (await Dgm.Runs.FindRunAsync(id, timeout.Token) is { Status: Core.Runs.RunStatus.Running } && !id.StartsWith("burst-", StringComparison.Ordinal))
        {
            await Task.Delay(100, timeout.Token);
        }
    }
}
