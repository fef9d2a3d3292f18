using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Dgm.Core.Runs;
using Microsoft.Playwright;

namespace Dgm.Reports.Tests;

/// <summary>The dashboard of `dgm serve` in headless Chromium: live runs, comparisons, and its buttons.</summary>
[Collection(nameof(ServedDgm))]
public sealed class DashboardTests(ServedDgm dgm, Chromium chromium)
{
    [Fact]
    public async Task The_dashboard_shows_a_run_and_asks_only_its_own_host()
    {
        await using var watched = await OpenAsync($"#run={ServedDgm.Demo}");
        var page = watched.Page;
        var nodes = await dgm.Runs.NodesAsync(ServedDgm.Demo);
        await Assertions.Expect(page.Locator("#tree .node")).ToHaveCountAsync(nodes.Count);
        var listed = await page.Locator("#run-list li").EvaluateAllAsync<string[]>("ls => ls.map(l => l.dataset.run)");
        Assert.Contains(ServedDgm.Demo, listed);
        Assert.Contains(ServedDgm.NoDarwin, listed);
        Assert.Contains("current", await page.Locator($"#run-list li[data-run='{ServedDgm.Demo}']").GetAttributeAsync("class"), StringComparison.Ordinal);

        // A node's panel is read from the API on click.
        var best = (await dgm.Runs.GetRunAsync(ServedDgm.Demo)).BestNodeId!;
        await page.ClickAsync($"#tree .node[data-node='{best}'] circle");
        await page.WaitForSelectorAsync("#node-tasks");
        Assert.StartsWith(best, await page.Locator("#node-title").TextContentAsync(), StringComparison.Ordinal);
        await watched.ScreenshotAsync("dashboard");
        AssertOnlyItsHost(watched);
    }

    [Fact]
    public async Task A_run_started_on_the_dashboard_updates_live_is_approved_and_another_is_terminated()
    {
        await using var watched = await OpenAsync("");
        var page = watched.Page;
        await page.EvaluateAsync("window.dgmSamePage = true");

        await page.FillAsync("#start-run-id", "live");
        await page.FillAsync("#start-config", """{"iterations": 1, "childrenPerIteration": 1, "approval": {"required": true, "timeoutMinutes": 30}}""");
        await page.ClickAsync("#start-button");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("#run=live$"));

        // The seed's evaluation commits iteration 0 and the page shows it without being reloaded.
        await Assertions.Expect(page.Locator("#committed-iteration")).ToHaveTextAsync("0", Patient);
        Assert.Equal(1, await page.Locator("#tree .node").CountAsync());
        await watched.ScreenshotAsync("dashboard-live-waiting");
        await page.ClickAsync("#approve-button");
        await Assertions.Expect(page.Locator("#committed-iteration")).ToHaveTextAsync("1", Patient);
        await page.WaitForSelectorAsync("#facts .badge[data-status='completed']", new PageWaitForSelectorOptions { Timeout = 60_000 });
        Assert.Equal(2, await page.Locator("#tree .node").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("window.dgmSamePage === true"));
        Assert.Equal(RunStatus.Completed, (await dgm.Runs.GetRunAsync("live")).Status);
        await watched.ScreenshotAsync("dashboard-live-approved");

        await page.FillAsync("#start-run-id", "doomed");
        await page.FillAsync("#start-config", """{"iterations": 3, "approval": {"required": true, "timeoutMinutes": 30}}""");
        await page.ClickAsync("#start-button");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("#run=doomed$"));
        await page.WaitForSelectorAsync("#terminate-button:not([disabled])");
        await page.ClickAsync("#terminate-button");
        await page.ClickAsync("#terminate-button");
        await page.WaitForSelectorAsync("#facts .badge[data-status='terminated']", new PageWaitForSelectorOptions { Timeout = 120_000 });
        Assert.Equal(RunStatus.Terminated, (await dgm.Runs.GetRunAsync("doomed")).Status);
        AssertOnlyItsHost(watched);
    }

    [Fact]
    public async Task Ticked_runs_are_compared_on_one_chart_with_the_difference_and_its_interval()
    {
        await using var watched = await OpenAsync($"#run={ServedDgm.Demo}");
        var page = watched.Page;
        await page.WaitForSelectorAsync("#tree .node");
        await page.CheckAsync($"#run-list li[data-run='{ServedDgm.Demo}'] input");
        await page.CheckAsync($"#run-list li[data-run='{ServedDgm.NoDarwin}'] input");
        await page.ClickAsync("#compare-button");
        await page.WaitForSelectorAsync("#difference-table tbody tr");

        var comparison = await new RunComparer(dgm.Runs).CompareAsync([ServedDgm.Demo, ServedDgm.NoDarwin], ArmGrouping.Run, new BootstrapSettings(), DateTimeOffset.UtcNow);
        Assert.Equal([ServedDgm.Demo, ServedDgm.NoDarwin], await page.Locator("#arm-table tbody tr").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.arm)"));
        Assert.Equal(comparison.Arms.Select(a => a.BestPerIteration.ToArray()).ToArray(),
            await page.EvaluateAsync<double[][]>("Chart.getChart('chart-compare').data.datasets.map(d => d.data)"));
        var difference = comparison.Differences.Single();
        var cells = await page.Locator("#difference-table tbody tr td").AllTextContentsAsync();
        Assert.Equal(difference.Tasks.ToString(System.Globalization.CultureInfo.InvariantCulture), cells[1]);
        Assert.Equal($"[{Round(difference.Low!.Value)}, {Round(difference.High!.Value)}]", cells[3]);
        Assert.Contains("paired bootstrap", await page.Locator("#method").TextContentAsync(), StringComparison.Ordinal);
        await watched.ScreenshotAsync("dashboard-compare");
        AssertOnlyItsHost(watched);
    }

    [Fact]
    public async Task The_api_serves_node_artifacts_only_and_refuses_what_a_foreign_page_could_send()
    {
        var seed = await dgm.Runs.GetNodeAsync(ServedDgm.Demo, "seed");
        var transcript = seed.Outcomes.First().Attempts[0].TranscriptKey!;
        using var artifact = await dgm.Http.GetAsync($"api/dashboard/artifacts/{transcript}");
        Assert.Equal(HttpStatusCode.OK, artifact.StatusCode);
        Assert.Equal(Encoding.UTF8.GetString((await dgm.Runs.Artifacts.GetAsync(transcript))!.Content), await artifact.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await dgm.Http.GetAsync("api/dashboard/artifacts/secrets/gateway.key")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dgm.Http.GetAsync($"api/dashboard/artifacts/runs/{ServedDgm.Demo}/ledger.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dgm.Http.GetAsync("api/dashboard/runs/nothing")).StatusCode);

        var stamp = (await dgm.GetJsonAsync($"api/dashboard/runs/{ServedDgm.Demo}/stamp"))["stamp"]!.GetValue<string>();
        Assert.Equal(stamp, (await dgm.GetJsonAsync($"api/dashboard/runs/{ServedDgm.Demo}/stamp"))["stamp"]!.GetValue<string>());

        // Management: a finished run cannot be approved; a cross-site form post or a foreign host name is refused.
        using var approve = await dgm.Http.PostAsync($"api/runs/{ServedDgm.Demo}/approve", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Conflict, approve.StatusCode);
        using var form = await dgm.Http.PostAsync("api/runs", new StringContent("iterations=1", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.Forbidden, form.StatusCode);
        using var foreign = new HttpRequestMessage(HttpMethod.Post, "api/runs") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        foreign.Headers.Add("Origin", "https://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await dgm.Http.SendAsync(foreign)).StatusCode);
        using var rebound = new HttpRequestMessage(HttpMethod.Get, "api/dashboard/runs");
        rebound.Headers.Host = "evil.example";
        Assert.Equal(HttpStatusCode.MisdirectedRequest, (await dgm.Http.SendAsync(rebound)).StatusCode);
        using var invalid = await dgm.Http.PostAsync("api/runs", new StringContent("""{"iterations": -1}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("iterations must be within", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    // Polling the page with a predicate would need eval, which the page's content security policy forbids.
    private static readonly LocatorAssertionsToHaveTextOptions Patient = new() { Timeout = 600_000 };

    private static string Round(double value) => Math.Round(value, 3).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<WatchedPage> OpenAsync(string hash)
    {
        var watched = await chromium.OpenAsync();
        await watched.Page.GotoAsync(new Uri(dgm.Server.Url, "api/dashboard" + hash).AbsoluteUri);
        await watched.Page.WaitForSelectorAsync("#run-list li");
        return watched;
    }

    private void AssertOnlyItsHost(WatchedPage watched)
    {
        Assert.Empty(watched.Errors);
        Assert.All(watched.Requests, url => Assert.StartsWith(dgm.Server.Url.AbsoluteUri, url, StringComparison.Ordinal));
    }
}
