using Dgm.Core.Archive;
using Dgm.Core.Configuration;
using Dgm.Core.Runs;
using Dgm.Models.Replay;
using Dgm.Reports;
using Spectre.Console;

namespace Dgm.Cli.Output;

/// <summary>
/// `dgm report`: the archive tree with scores, the held-out check (when the run holds tasks out), the best node's
/// lineage, per-iteration best and mean, spend by kind.
/// </summary>
internal static class ReportView
{
    public static async Task PrintAsync(RunStore runs, string runId, CancellationToken cancellationToken)
    {
        var run = await runs.GetRunAsync(runId, cancellationToken);
        var nodes = (await runs.NodesAsync(runId, cancellationToken)).ToDictionary(n => n.Id);
        var iterations = await runs.IterationsAsync(runId, cancellationToken);
        var ledger = await runs.LedgerAsync(runId, cancellationToken);

        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(run.RunId)}[/]: {run.Status}{(run.StopReason is null ? "" : $" ({Markup.Escape(run.StopReason)})")}, last committed iteration {run.LastCommittedIteration}");
        if (run.Config.Models.Diagnosis.Provider == ModelProvider.Replay || run.Config.Models.Coding.Provider == ModelProvider.Replay)
        {
            AnsiConsole.MarkupLine($"[yellow]{ReplayChatClient.Label}[/]: every score below was measured by building, running and grading the agents.");
        }

        var tree = new Tree("archive");
        if (nodes.TryGetValue(ArchiveNode.SeedId, out var seed))
        {
            AddChildren(tree.AddNode(Label(seed)), seed.Id, nodes);
        }

        AnsiConsole.Write(tree);
        PrintHeldOut(HeldOutCheck.Of(nodes.Values, await RunReportReader.HeldOutAsync(runs, runId, nodes.Values, cancellationToken)), nodes.Values);

        if (run.BestNodeId is { } best && nodes.TryGetValue(best, out var bestNode))
        {
            var lineage = new List<ArchiveNode>();
            for (var node = bestNode; node is not null; node = node.ParentId is { } parent ? nodes.GetValueOrDefault(parent) : null)
            {
                lineage.Insert(0, node);
            }

            AnsiConsole.MarkupLine($"best: {Markup.Escape(best)} at {run.BestAccuracy:0.###}; lineage {Markup.Escape(string.Join(" → ", lineage.Select(n => n.Id)))}");
        }

        var perIteration = new Table().AddColumns("iteration", "children", "admitted", "best", "mean", "archive");
        foreach (var record in iterations)
        {
            perIteration.AddRow(
                record.Iteration.ToString(System.Globalization.CultureInfo.InvariantCulture),
                string.Join(", ", record.Children.Select(c => $"{c.Id} {c.Status.ToString().ToLowerInvariant()}").Concat(record.Refused.Select(r => $"refused: {r}"))),
                string.Join(", ", record.Admitted),
                $"{record.BestNodeId} {record.BestAccuracy:0.###}",
                $"{record.MeanAccuracy:0.###}",
                record.ArchiveSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(perIteration);

        var spend = new Table().AddColumns("spend", "dollars", "tokens", "sandbox seconds");
        foreach (var (kind, amount) in ledger.SpentByKind.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            spend.AddRow(Markup.Escape(kind), $"{amount.Dollars:0.####}", $"{amount.Tokens:N0}", $"{amount.SandboxSeconds:0.#}");
        }

        spend.AddRow("[bold]total[/]", $"{ledger.Spent.Dollars:0.####}", $"{ledger.Spent.Tokens:N0}", $"{ledger.Spent.SandboxSeconds:0.#}");
        AnsiConsole.Write(spend);
    }

    /// <summary>Train (stage) and held-out accuracy per node graded on the held-out tasks, and the children that look like reward hacking.</summary>
    private static void PrintHeldOut(IReadOnlyDictionary<string, HeldOutCheck> checks, IEnumerable<ArchiveNode> nodes)
    {
        if (checks.Count == 0)
        {
            return;
        }

        AnsiConsole.MarkupLine("held-out check (train: accuracy on the stages; gap: train − held-out):");
        foreach (var node in nodes.Where(n => checks.ContainsKey(n.Id)).OrderBy(n => n.Iteration).ThenBy(n => n.Slot))
        {
            var check = checks[node.Id];
            var line = Markup.Escape("  " + check.Line(node.Id));
            AnsiConsole.MarkupLine(check.Suspect ? $"[red]{line}[/]" : line);
        }
    }

    private static void AddChildren(TreeNode parent, string id, IReadOnlyDictionary<string, ArchiveNode> nodes)
    {
        foreach (var child in nodes.Values.Where(n => n.ParentId == id && n.Id != id).OrderBy(n => n.Iteration).ThenBy(n => n.Slot))
        {
            AddChildren(parent.AddNode(Label(child)), child.Id, nodes);
        }
    }

    private static string Label(ArchiveNode node)
    {
        var score = node.IsEvaluated ? $"{node.Accuracy:0.###} ({node.Summary.Resolved}/{node.Summary.Submitted})" : "not evaluated";
        var text = $"{node.Id} {score} {node.Status.ToString().ToLowerInvariant()}";
        return node.Status == NodeStatus.Rejected
            ? $"[grey]{Markup.Escape(text)}: {Markup.Escape(node.Reason ?? "")}[/]"
            : Markup.Escape(text);
    }
}
