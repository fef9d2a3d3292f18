using System.Text;
using System.Text.RegularExpressions;
using Dgm.Core.Archive;
using Dgm.Core.Artifacts;
using Dgm.Testing;

namespace Dgm.Reports.Tests;

[Collection(nameof(ServedDgm))]
public sealed partial class ReportContentTests(ServedDgm dgm)
{
    [Fact]
    public async Task The_report_holds_every_node_with_its_recorded_scores_and_marks_the_best_lineage()
    {
        var report = await new RunReportReader(dgm.Runs).ReadAsync(ServedDgm.Demo, DateTimeOffset.UtcNow);
        var run = await dgm.Runs.GetRunAsync(ServedDgm.Demo);
        var nodes = (await dgm.Runs.NodesAsync(ServedDgm.Demo)).ToDictionary(n => n.Id);

        Assert.Equal(nodes.Keys.Order(), report.Nodes.Select(n => n.Id).Order());
        Assert.Contains(report.Nodes, n => n.Status == NodeStatus.Rejected);
        foreach (var shown in report.Nodes)
        {
            var node = nodes[shown.Id];
            Assert.Equal((node.ParentId, node.Status, node.Reason), (shown.ParentId, shown.Status, shown.Reason));
            Assert.Equal(node.IsEvaluated ? (node.Accuracy, node.Summary.Resolved, node.Summary.Submitted) : default((double, int, int)?),
                shown.Scores is { } s ? (s.Accuracy, s.Resolved, s.Submitted) : null);
        }

        // The lineage runs from the seed to run.json's best node, each a child of the one before.
        Assert.Equal(run.BestNodeId, report.BestNodeId);
        Assert.Equal(ArchiveNode.SeedId, report.Lineage[0]);
        Assert.Equal(run.BestNodeId, report.Lineage[^1]);
        Assert.All(report.Lineage.Skip(1).Zip(report.Lineage), pair => Assert.Equal(pair.Second, nodes[pair.First].ParentId));
        Assert.Equal(report.Lineage.Order(), report.Nodes.Where(n => n.InBestLineage).Select(n => n.Id).Order());
        Assert.Equal(nodes[run.BestNodeId!].Summary.PerLanguage.Keys, report.BestScores!.PerLanguage.Keys);
        Assert.Equal(nodes[ArchiveNode.SeedId].Accuracy, report.SeedScores!.Accuracy);
    }

    [Fact]
    public async Task Iterations_and_spend_over_time_are_those_recorded_and_end_at_the_ledger()
    {
        var report = await new RunReportReader(dgm.Runs).ReadAsync(ServedDgm.Demo, DateTimeOffset.UtcNow);
        var iterations = await dgm.Runs.IterationsAsync(ServedDgm.Demo);
        var ledger = await dgm.Runs.LedgerAsync(ServedDgm.Demo);

        Assert.Equal([0, 1, 2], report.Iterations.Select(i => i.Iteration));
        Assert.Equal(iterations.Select(i => (i.BestAccuracy, i.MeanAccuracy, i.ArchiveSize)), report.Iterations.Select(i => (i.BestAccuracy, i.MeanAccuracy, i.ArchiveSize)));
        Assert.Equal(ledger.Spent, report.Spend.Total);
        Assert.Equal(ledger.SpentByKind.OrderBy(k => k.Key), report.Spend.ByKind.OrderBy(k => k.Key));

        // One point per committed iteration (what the ledger held at the commit) and the end; spend never falls.
        Assert.Equal(["iteration 0", "iteration 1", "iteration 2", "end"], report.Spend.OverTime.Select(p => p.Label));
        Assert.Equal(iterations.Select(i => i.Spent), report.Spend.OverTime.Take(3).Select(p => p.Spent));
        Assert.Equal(ledger.Spent, report.Spend.OverTime[^1].Spent);
        Assert.True(report.Spend.OverTime.Zip(report.Spend.OverTime.Skip(1)).All(p => p.First.Spent.Tokens <= p.Second.Spent.Tokens && p.First.Minutes <= p.Second.Minutes));
        Assert.True(report.Spend.OverTime[1].Spent.Tokens > report.Spend.OverTime[0].Spent.Tokens);
    }

    [Fact]
    public async Task Every_node_panel_carries_its_patch_problem_statement_and_graded_attempts()
    {
        var details = await new RunReportReader(dgm.Runs).AllDetailsAsync(ServedDgm.Demo);
        foreach (var node in await dgm.Runs.NodesAsync(ServedDgm.Demo))
        {
            var panel = details[node.Id];
            var patch = await dgm.Runs.Artifacts.GetAsync(ArtifactKeys.Patch(ServedDgm.Demo, node.Id));
            Assert.Equal(patch is null ? null : Encoding.UTF8.GetString(patch.Content), panel.Patch);
            Assert.Equal(node.ProblemStatement, panel.ProblemStatement);
            Assert.Equal(node.Outcomes.Sum(t => t.Attempts.Count), panel.Stages.SelectMany(s => s.Tasks).Sum(t => t.Attempts.Count));
            Assert.Equal(node.Build?.Succeeded, panel.Build?.Succeeded);
        }

        Assert.Contains(details.Values, d => d.Patch?.Contains("\n+", StringComparison.Ordinal) == true && d.ProblemStatement is { Length: > 0 });
    }

    [Fact]
    public async Task The_report_file_embeds_its_data_and_libraries_and_reaches_for_nothing_outside()
    {
        var file = await new ReportFileReader(new RunReportReader(dgm.Runs)).ReadAsync(ServedDgm.Demo, "../data/store/", inlineArtifacts: false, DateTimeOffset.UtcNow);
        var html = ReportPages.Report(file);

        Assert.InRange(html.Length, 100_000, 1_000_000);
        Assert.Contains("Chart.js v4.6.1", html, StringComparison.Ordinal);
        Assert.Contains("d3-hierarchy/ v3.1.3", html, StringComparison.Ordinal);
        Assert.Contains("d3-zoom/ v3.0.1", html, StringComparison.Ordinal);
        Assert.DoesNotContain("sourceMappingURL", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"<(script|img|link|iframe)[^>]+(src|href)=", html);
        Assert.Contains("connect-src 'none'", Csp(html), StringComparison.Ordinal);

        var data = PageData.Of(html);
        var nodes = await dgm.Runs.NodesAsync(ServedDgm.Demo);
        Assert.Equal(nodes.Select(n => n.Id).Order(), data["report"]!["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()).Order());
        Assert.Equal(file.Report.Lineage, data["report"]!["lineage"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(nodes.Select(n => n.Id).Order(), data["details"]!.AsObject().Select(d => d.Key).Order());
        var best = nodes.Single(n => n.Id == file.Report.BestNodeId);
        var shownBest = data["report"]!["nodes"]!.AsArray().Single(n => n!["id"]!.GetValue<string>() == best.Id)!;
        Assert.Equal(best.Accuracy, shownBest["scores"]!["accuracy"]!.GetValue<double>());
        Assert.True(shownBest["inBestLineage"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Text_an_agent_wrote_stays_text_inside_the_page()
    {
        var file = await new ReportFileReader(new RunReportReader(dgm.Runs)).ReadAsync(ServedDgm.Demo, "", inlineArtifacts: false, DateTimeOffset.UtcNow);
        const string Hostile = "</script><script>document.title='owned'</script><!--";
        var seed = file.Details[ArchiveNode.SeedId] with { ProblemStatement = Hostile, Patch = Hostile };
        var html = ReportPages.Report(file with { Details = new Dictionary<string, NodeDetails>(file.Details) { [ArchiveNode.SeedId] = seed } });

        Assert.DoesNotContain("document.title='owned'", html, StringComparison.Ordinal);
        Assert.Equal(Hostile, PageData.Of(html)["details"]![ArchiveNode.SeedId]!["problemStatement"]!.GetValue<string>());
        // The two inline scripts are the only ones the page allows, by hash.
        Assert.Equal(2, Regex.Count(Csp(html), "'sha256-"));
    }

    [Fact]
    public void Artifact_links_are_relative_to_the_report_file()
    {
        Assert.Equal("../dgm%20data/store/", ReportFileReader.RelativeBase("/work/reports/run.html", "/work/dgm data/store"));
        Assert.Equal("store/", ReportFileReader.RelativeBase("/work/data/r.html", "/work/data/store"));
    }

    private static string Csp(string html) => CspMeta().Match(html).Groups[1].Value;

    [GeneratedRegex("http-equiv=\"Content-Security-Policy\" content=\"([^\"]+)\"")]
    private static partial Regex CspMeta();
}
