using System.Text;
using System.Text.RegularExpressions;
using Dgm.Core.Archive;
using Microsoft.Playwright;

namespace Dgm.Reports.Tests;

/// <summary>The report file in headless Chromium: offline, complete, and every node's panel one click away.</summary>
[Collection(nameof(ServedDgm))]
public sealed class ReportBrowserTests(ServedDgm dgm, Chromium chromium)
{
    [Fact]
    public async Task The_report_file_shows_every_node_and_the_charts_without_a_request_or_an_error()
    {
        await using var watched = await OpenReportAsync(inlineArtifacts: false);
        var page = watched.Page;
        var nodes = await dgm.Runs.NodesAsync(ServedDgm.Demo);
        var run = await dgm.Runs.GetRunAsync(ServedDgm.Demo);

        Assert.Equal(nodes.Select(n => n.Id).Order(), (await page.Locator("#tree .node").EvaluateAllAsync<string[]>("ns => ns.map(n => n.dataset.node)")).Order());
        foreach (var node in nodes)
        {
            var shown = page.Locator($"#tree .node[data-node='{node.Id}']");
            Assert.Equal(node.Status.ToString().ToLowerInvariant(), await shown.GetAttributeAsync("data-status"));
            var accuracy = await shown.GetAttributeAsync("data-accuracy");
            Assert.Equal(node.IsEvaluated ? node.Accuracy : (double?)null, accuracy is null ? null : double.Parse(accuracy, System.Globalization.CultureInfo.InvariantCulture));
        }

        var lineage = await page.Locator("#tree .node.lineage").EvaluateAllAsync<string[]>("ns => ns.map(n => n.dataset.node)");
        Assert.Contains(ArchiveNode.SeedId, lineage);
        Assert.Contains(run.BestNodeId!, lineage);
        Assert.Equal(lineage.Length - 1, await page.Locator("#tree .edge.lineage").CountAsync());
        Assert.Equal(run.BestNodeId, await page.Locator("#best-node").TextContentAsync());
        Assert.True(await page.Locator("#tree .node.rejected text.reason").CountAsync() > 0);

        // The charts hold the recorded figures.
        var iterations = await dgm.Runs.IterationsAsync(ServedDgm.Demo);
        Assert.Equal(iterations.Select(i => i.BestAccuracy), await page.EvaluateAsync<double[]>("Chart.getChart('chart-iterations').data.datasets[0].data"));
        Assert.Equal(iterations.Select(i => i.MeanAccuracy), await page.EvaluateAsync<double[]>("Chart.getChart('chart-iterations').data.datasets[1].data"));
        Assert.Equal(iterations.Select(i => (double)i.ArchiveSize), await page.EvaluateAsync<double[]>("Chart.getChart('chart-iterations').data.datasets[2].data"));
        var ledger = await dgm.Runs.LedgerAsync(ServedDgm.Demo);
        await page.ClickAsync("#spend-resources button[data-resource='tokens']");
        Assert.Equal(ledger.Spent.Tokens, (await page.EvaluateAsync<double[]>("Chart.getChart('chart-spend-time').data.datasets[0].data.map(p => p.y)"))[^1]);
        Assert.Equal(run.Config.Budget.Tokens, (await page.EvaluateAsync<double[]>("Chart.getChart('chart-spend-time').data.datasets[1].data.map(p => p.y)"))[0]);
        Assert.Equal(ledger.Spent.Tokens.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), (await page.Locator("#spend-table tr[data-kind='total'] td").AllTextContentsAsync())[2]);
        var best = nodes.Single(n => n.Id == run.BestNodeId);
        foreach (var (language, scores) in best.Summary.PerLanguage)
        {
            var cells = await page.Locator($"#language-table tr[data-language='{language}'] td").AllTextContentsAsync();
            Assert.Equal(Math.Round(scores.Accuracy, 3).ToString(System.Globalization.CultureInfo.InvariantCulture), cells[3]);
        }

        await watched.ScreenshotAsync("report");

        // Zoom and pan move the tree.
        var before = await page.Locator("#tree > g").GetAttributeAsync("transform");
        await page.Locator("#tree").HoverAsync();
        await page.Mouse.WheelAsync(0, -400);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(300, 300);
        await page.Mouse.UpAsync();
        Assert.NotEqual(before, await page.Locator("#tree > g").GetAttributeAsync("transform"));
        Assert.Empty(watched.Errors);
        Assert.All(watched.Requests, url => Assert.StartsWith("file://", url, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Clicking_a_node_opens_its_panel_with_the_coloured_diff_and_its_graded_tasks()
    {
        await using var watched = await OpenReportAsync(inlineArtifacts: true);
        var page = watched.Page;
        var child = (await dgm.Runs.NodesAsync(ServedDgm.Demo)).First(n => n.Status == NodeStatus.Admitted && n.Id != ArchiveNode.SeedId);

        await page.ClickAsync($"#tree .node[data-node='{child.Id}'] circle");
        await page.WaitForSelectorAsync("#node-title");
        Assert.StartsWith(child.Id, await page.Locator("#node-title").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(child.ParentId, await page.Locator("#node-parent").TextContentAsync());
        Assert.Contains(child.DiagnosisEntry!.TaskId ?? "", await page.Locator("#node-diagnosis").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(child.ProblemStatement, await page.Locator("#node-problem").TextContentAsync());
        Assert.True(await page.Locator("#node-patch span.add").CountAsync() > 0);
        Assert.True(await page.Locator("#node-patch span.hunk").CountAsync() > 0);
        Assert.Equal(child.Outcomes.Sum(t => t.Attempts.Count), await page.Locator("#node-tasks tbody tr").CountAsync());
        Assert.Contains("selected", await page.Locator($"#tree .node[data-node='{child.Id}']").GetAttributeAsync("class"), StringComparison.Ordinal);
        await watched.ScreenshotAsync("report-node");

        // An inlined transcript opens in the viewer, as the artifact says.
        var attempt = child.Outcomes.First().Attempts[0];
        await page.Locator($"#node-tasks [data-artifact='{attempt.TranscriptKey}']").ClickAsync();
        var transcript = Encoding.UTF8.GetString((await dgm.Runs.Artifacts.GetAsync(attempt.TranscriptKey!))!.Content);
        Assert.Equal(transcript[..Math.Min(transcript.Length, 2000)], (await page.Locator("#viewer-text").TextContentAsync())![..Math.Min(transcript.Length, 2000)]);

        // The parent is one click away.
        await page.Locator("#viewer-close").ClickAsync();
        await page.Locator("#node-parent button").ClickAsync();
        await Assertions.Expect(page.Locator("#node-title")).ToHaveTextAsync(new Regex("^" + Regex.Escape(child.ParentId!)));
        Assert.Empty(watched.Errors);
        Assert.All(watched.Requests, url => Assert.StartsWith("file://", url, StringComparison.Ordinal));
    }

    private async Task<WatchedPage> OpenReportAsync(bool inlineArtifacts)
    {
        var path = Path.Combine(dgm.Output, inlineArtifacts ? "report-inline.html" : "report.html");
        var file = await new ReportFileReader(new RunReportReader(dgm.Runs)).ReadAsync(ServedDgm.Demo, ReportFileReader.RelativeBase(path, dgm.StoreRoot), inlineArtifacts, DateTimeOffset.UtcNow);
        await File.WriteAllTextAsync(path, ReportPages.Report(file));
        var watched = await chromium.OpenAsync();
        await watched.Page.GotoAsync(new Uri(path).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        await watched.Page.WaitForSelectorAsync("#tree .node");
        return watched;
    }
}
