using Dgm.Core.Runs;

namespace Dgm.Functions.Tests;

public sealed class RunsApiTests(FunctionsHost host) : IClassFixture<FunctionsHost>
{
    [Fact]
    public async Task An_invalid_config_gets_400_listing_every_problem_with_its_path()
    {
        var (status, json) = FunctionsHost.Read(await host.Runs.StartAsync(
            FunctionsHost.Request("POST", """{"iterations":-2,"stages":[{"tasks":3},{"tasks":4,"minResolvedFraction":7}],"attempts":0}"""), host.Dgm.Client));

        Assert.Equal(400, status);
        var problems = json["problems"]!.AsArray().Select(p => p!["path"]!.GetValue<string>()).ToList();
        Assert.Equal(["iterations", "attempts", "stages[1].minResolvedFraction"], problems);
        Assert.Contains("got 7", json["problems"]![2]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var (unknownStatus, unknown) = FunctionsHost.Read(await host.Runs.StartAsync(FunctionsHost.Request("POST", """{"selection":{"policy":"hgm","tempo":2}}"""), host.Dgm.Client));
        Assert.Equal(400, unknownStatus);
        Assert.Equal("selection.tempo", unknown["problems"]![0]!["path"]!.GetValue<string>());

        var (malformedStatus, _) = FunctionsHost.Read(await host.Runs.StartAsync(FunctionsHost.Request("POST", "{ not json"), host.Dgm.Client));
        Assert.Equal(400, malformedStatus);
    }

    [Fact]
    public async Task A_started_run_reports_its_status_and_spend_and_can_no_longer_be_approved_once_done()
    {
        var (status, started) = FunctionsHost.Read(await host.Runs.StartAsync(FunctionsHost.Request("POST", "{}", "?runId=api-run"), host.Dgm.Client));
        Assert.Equal(202, status);
        Assert.Equal("api-run", started["runId"]!.GetValue<string>());
        Assert.Equal("https://dgm.example/api/runs/api-run", started["links"]!["status"]!.GetValue<string>());
        Assert.Equal("https://dgm.example/api/runs/api-run/approve", started["links"]!["approve"]!.GetValue<string>());

        var (duplicate, _) = FunctionsHost.Read(await host.Runs.StartAsync(FunctionsHost.Request("POST", "{}", "?runId=api-run"), host.Dgm.Client));
        Assert.Equal(409, duplicate);

        await host.WaitAsync("api-run");
        var (found, run) = FunctionsHost.Read(await host.Runs.GetAsync(FunctionsHost.Request("GET"), host.Dgm.Client, "api-run"));
        Assert.Equal(200, found);
        Assert.Equal("completed", run["status"]!.GetValue<string>());
        Assert.Equal(0, run["iteration"]!.GetValue<int>());
        Assert.Equal(1, run["archiveSize"]!.GetValue<int>());
        Assert.Equal("seed", run["bestNode"]!.GetValue<string>());
        Assert.Equal(1.0, run["bestAccuracy"]!.GetValue<double>());
        Assert.True(run["spend"]!["byKind"]!["model:coding"]!["tokens"]!.GetValue<long>() > 0);
        Assert.True(run["spend"]!["total"]!["sandboxSeconds"]!.GetValue<double>() > 0);
        Assert.Equal("Completed", run["orchestration"]!["runtimeStatus"]!.GetValue<string>());

        Assert.Equal(409, FunctionsHost.Read(await host.Runs.ApproveAsync(FunctionsHost.Request("POST"), host.Dgm.Client, "api-run")).Status);
        Assert.Equal(409, FunctionsHost.Read(await host.Runs.TerminateAsync(FunctionsHost.Request("POST"), host.Dgm.Client, "api-run")).Status);
        Assert.Equal(404, FunctionsHost.Read(await host.Runs.GetAsync(FunctionsHost.Request("GET"), host.Dgm.Client, "no-such-run")).Status);
    }

    [Fact]
    public async Task A_run_waiting_at_its_gate_is_approved_through_the_api_and_a_running_one_terminated()
    {
        await host.Runs.StartAsync(FunctionsHost.Request("POST", """{"iterations":1,"childrenPerIteration":1,"approval":{"required":true,"timeoutMinutes":5}}""", "?runId=gated"), host.Dgm.Client);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while ((await host.Dgm.Client.GetInstanceAsync("gated", true, timeout.Token))?.ReadCustomStatusAs<Workflow.RunProgress>()?.Phase != "waiting for approval")
        {
            await Task.Delay(200, timeout.Token);
        }

        var (approved, decision) = FunctionsHost.Read(await host.Runs.ApproveAsync(FunctionsHost.Request("POST", """{"approved":false,"comment":"not today"}"""), host.Dgm.Client, "gated"));
        Assert.Equal(202, approved);
        Assert.False(decision["decision"]!["approved"]!.GetValue<bool>());
        await host.WaitAsync("gated");
        var run = await host.Dgm.Runs.GetRunAsync("gated");
        Assert.Equal(RunStatus.Stopped, run.Status);
        Assert.Contains("not today", run.StopReason, StringComparison.Ordinal);

        await host.Runs.StartAsync(FunctionsHost.Request("POST", """{"approval":{"required":true,"timeoutMinutes":5},"iterations":3}""", "?runId=doomed"), host.Dgm.Client);
        using var started = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while ((await host.Dgm.Sandbox.ListAsync("doomed", started.Token)).Count == 0)
        {
            await Task.Delay(50, started.Token);
        }

        Assert.Equal(202, FunctionsHost.Read(await host.Runs.TerminateAsync(FunctionsHost.Request("POST"), host.Dgm.Client, "doomed")).Status);
        await host.WaitAsync("doomed");
        Assert.Equal(RunStatus.Terminated, (await host.Dgm.Runs.GetRunAsync("doomed")).Status);
        Assert.Empty(await host.Dgm.Sandbox.ListAsync("doomed"));
    }
}
