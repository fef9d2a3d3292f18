using Dgm.Reports;
using Microsoft.AspNetCore.Mvc;

namespace Dgm.Functions.Tests;

public sealed class DashboardApiTests(FunctionsHost host) : IClassFixture<FunctionsHost>
{
    [Fact]
    public async Task The_dashboard_function_serves_the_page_and_a_run_read_from_the_store()
    {
        var api = new DashboardApi(new DashboardSite(host.Dgm.Store, "/api", TimeProvider.System));
        var page = Assert.IsType<ContentResult>(await api.GetAsync(FunctionsHost.Request("GET"), null));
        Assert.Equal((200, "text/html; charset=utf-8"), (page.StatusCode!.Value, page.ContentType));
        Assert.Contains("\"api\":\"/api\"", page.Content, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", page.Content, StringComparison.Ordinal);

        Assert.Equal(202, FunctionsHost.Read(await host.Runs.StartAsync(FunctionsHost.Request("POST", "{}", "?runId=dashboard-run"), host.Dgm.Client)).Status);
        await host.WaitAsync("dashboard-run");

        var (listed, runs) = FunctionsHost.Read(await api.GetAsync(FunctionsHost.Request("GET"), "runs"));
        Assert.Equal(200, listed);
        Assert.Contains(runs.AsArray(), r => r!["run"]!["runId"]!.GetValue<string>() == "dashboard-run" && r["run"]!["status"]!.GetValue<string>() == "completed");

        var (found, report) = FunctionsHost.Read(await api.GetAsync(FunctionsHost.Request("GET"), "runs/dashboard-run"));
        var seed = await host.Dgm.Runs.GetNodeAsync("dashboard-run", "seed");
        Assert.Equal(200, found);
        Assert.Equal(seed.Accuracy, report["nodes"]![0]!["scores"]!["accuracy"]!.GetValue<double>());
        Assert.Equal(["seed"], report["lineage"]!.AsArray().Select(n => n!.GetValue<string>()));

        var (compared, comparison) = FunctionsHost.Read(await api.GetAsync(FunctionsHost.Request("GET", query: "?runs=dashboard-run"), "compare"));
        Assert.Equal(200, compared);
        Assert.Equal("dashboard-run", comparison["arms"]![0]!["label"]!.GetValue<string>());

        var transcript = seed.Outcomes.First().Attempts[0].TranscriptKey!;
        var artifact = Assert.IsType<ContentResult>(await api.GetAsync(FunctionsHost.Request("GET"), $"artifacts/{transcript}"));
        Assert.Equal(200, artifact.StatusCode);
        Assert.Equal(System.Text.Encoding.UTF8.GetString((await host.Dgm.Store.GetAsync(transcript))!.Content), artifact.Content);
        Assert.Equal(404, FunctionsHost.Read(await api.GetAsync(FunctionsHost.Request("GET"), "artifacts/secrets/gateway.key")).Status);
        Assert.Equal(400, FunctionsHost.Read(await api.GetAsync(FunctionsHost.Request("GET"), "artifacts/runs/dashboard-run/nodes/../../../secrets/gateway.key")).Status);
        Assert.Equal(404, FunctionsHost.Read(await api.GetAsync(FunctionsHost.Request("GET"), "runs/nothing")).Status);
    }
}
