namespace Dgm.Functions.Tests;

public sealed class EvaluationsApiTests(FunctionsHost host) : IClassFixture<FunctionsHost>
{
    [Fact]
    public async Task A_burst_evaluation_stops_launching_at_its_dollar_cap_and_reports_what_was_left_out()
    {
        // Coding tokens cost $2.50 per million output tokens and a solve job may use 40,000 (room for the gateway to reserve
        // each call's worst case, which counts the request's bytes): it reserves $0.10 before it starts and settles at what
        // the scripted agent used (1,020 output tokens, about a quarter of a cent). With a $0.104 cap the third solve is
        // refused: the first task is graded on both attempts, the second on none.
        var priced = """{"models":{"coding":{"provider":"replay","cassette":"demo","outputPricePerMillion":2.5,"tokenBudgetPerJob":40000}}}""";
        await host.Runs.StartAsync(FunctionsHost.Request("POST", priced, "?runId=priced"), host.Dgm.Client);
        await host.WaitAsync("priced");

        var api = new EvaluationsApi(host.Dgm.Runs, TimeProvider.System);
        var (status, started) = FunctionsHost.Read(await api.StartAsync(
            FunctionsHost.Request("POST", """{"run":"priced","agents":["seed"],"attempts":2,"maxParallel":1,"dollarCap":0.104}"""), host.Dgm.Client));
        Assert.Equal(202, status);
        var id = started["evaluationId"]!.GetValue<string>();
        await host.WaitAsync(id);

        var (_, evaluation) = FunctionsHost.Read(await api.GetAsync(FunctionsHost.Request("GET"), host.Dgm.Client, id));
        var report = evaluation["report"] ?? throw new InvalidOperationException(evaluation.ToJsonString());
        Assert.Contains("budget.dollars would be crossed", report["stoppedBecause"]!.GetValue<string>(), StringComparison.Ordinal);
        var agent = report["agents"]![0]!;
        var evaluated = agent["evaluated"]!.AsArray().Count;
        var left = agent["notEvaluated"]!.AsArray().Count;
        Assert.Equal((1, 1), (evaluated, left));
        var spent = evaluation["spent"]!["dollars"]!.GetValue<decimal>();
        Assert.Equal(2 * 1020 * 2.5m / 1_000_000, spent);

        var (missing, _) = FunctionsHost.Read(await api.StartAsync(FunctionsHost.Request("POST", """{"run":"priced","agents":["nobody"],"dollarCap":1}"""), host.Dgm.Client));
        Assert.Equal(400, missing);
    }
}
