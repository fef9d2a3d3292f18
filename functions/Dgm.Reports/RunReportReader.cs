using System.Text;
using Dgm.Core.Archive;
using Dgm.Core.Artifacts;
using Dgm.Core.Runs;

namespace Dgm.Reports;

/// <summary>Reads a run's records (run.json, iteration records, nodes, ledger) into what its report shows.</summary>
public sealed class RunReportReader(RunStore runs)
{
    private const int MaxPatchChars = 200_000;

    public RunStore Runs => runs;

    public async Task<RunReport> ReadAsync(string runId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var nodes = await NodesAsync(runId, cancellationToken);
        var heldOut = HeldOutCheck.Of(nodes, await HeldOutAsync(runs, runId, nodes, cancellationToken));
        return Report(await runs.GetRunAsync(runId, cancellationToken), nodes, heldOut, await runs.IterationsAsync(runId, cancellationToken), await runs.LedgerAsync(runId, cancellationToken), now);
    }

    /// <summary>The held-out grades of every node that has them.</summary>
    public static async Task<IReadOnlyDictionary<string, HeldOutResult>> HeldOutAsync(RunStore runs, string runId, IEnumerable<ArchiveNode> nodes, CancellationToken cancellationToken = default)
    {
        var heldOut = new Dictionary<string, HeldOutResult>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (await runs.FindHeldOutAsync(runId, node.Id, cancellationToken) is { } result)
            {
                heldOut[node.Id] = result;
            }
        }

        return heldOut;
    }

    /// <summary>A node's panel, or null when the run has no such node.</summary>
    public async Task<NodeDetails?> DetailsAsync(string runId, string nodeId, CancellationToken cancellationToken = default) =>
        await runs.FindNodeAsync(runId, nodeId, cancellationToken) is { } node ? await DetailsAsync(runId, node, cancellationToken) : null;

    /// <summary>Every node's panel, for a report that carries them all.</summary>
    public async Task<IReadOnlyDictionary<string, NodeDetails>> AllDetailsAsync(string runId, CancellationToken cancellationToken = default)
    {
        var details = new Dictionary<string, NodeDetails>(StringComparer.Ordinal);
        foreach (var node in await NodesAsync(runId, cancellationToken))
        {
            details[node.Id] = await DetailsAsync(runId, node, cancellationToken);
        }

        return details;
    }

    /// <summary>Changes whenever run.json or the ledger does: every commit, every settled job. A page polls it to stay live.</summary>
    public async Task<string?> StampAsync(string runId, CancellationToken cancellationToken = default)
    {
        if (await runs.Artifacts.GetAsync(ArtifactKeys.Run(runId), cancellationToken) is not { } run)
        {
            return null;
        }

        var ledger = await runs.Artifacts.GetAsync(ArtifactKeys.Ledger(runId), cancellationToken);
        return ContentHash.Of(Encoding.ASCII.GetBytes(run.Sha256 + (ledger?.Sha256 ?? "")))[..16];
    }

    private async Task<List<ArchiveNode>> NodesAsync(string runId, CancellationToken cancellationToken) =>
        [.. (await runs.NodesAsync(runId, cancellationToken)).OrderBy(n => n.Iteration).ThenBy(n => n.Slot)];

    private async Task<NodeDetails> DetailsAsync(string runId, ArchiveNode node, CancellationToken cancellationToken)
    {
        var patchKey = ArtifactKeys.Patch(runId, node.Id);
        var patch = await runs.Artifacts.GetAsync(patchKey, cancellationToken);
        return new NodeDetails
        {
            Id = node.Id,
            ProblemStatement = node.ProblemStatement,
            Patch = patch is null ? null : TextClip.Head(Encoding.UTF8.GetString(patch.Content), MaxPatchChars, patchKey),
            PatchHash = node.PatchHash,
            SnapshotHash = node.SnapshotHash,
            Build = node.Build,
            Stages = node.Stages,
            Cost = node.Cost,
        };
    }

    private static RunReport Report(RunRecord run, List<ArchiveNode> nodes, IReadOnlyDictionary<string, HeldOutCheck> heldOut, IReadOnlyList<IterationRecord> iterations, Core.Budget.LedgerState ledger, DateTimeOffset now)
    {
        var byId = nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        var lineage = Lineage(run.BestNodeId, byId);
        return new RunReport
        {
            Run = RunFacts.Of(run),
            Nodes = [.. nodes.Select(n => Summarize(n, lineage.Contains(n.Id)) with { HeldOut = heldOut.GetValueOrDefault(n.Id) })],
            Iterations = iterations,
            Spend = SpendOverTime.Of(run, iterations, ledger, now),
            BestNodeId = run.BestNodeId,
            Lineage = lineage,
            SeedScores = ScoresOf(byId.GetValueOrDefault(ArchiveNode.SeedId)),
            BestScores = ScoresOf(run.BestNodeId is { } best ? byId.GetValueOrDefault(best) : null),
            GeneratedAt = now,
        };
    }

    private static ReportNode Summarize(ArchiveNode node, bool inLineage) => new()
    {
        Id = node.Id,
        ParentId = node.ParentId,
        ModifierId = node.ModifierId,
        Iteration = node.Iteration,
        Slot = node.Slot,
        Status = node.Status,
        Reason = node.Reason,
        Diagnosis = node.DiagnosisEntry,
        Scores = ScoresOf(node),
        InBestLineage = inLineage,
    };

    private static ReportScores? ScoresOf(ArchiveNode? node) => node is { IsEvaluated: true } ? ReportScores.Of(node.Summary) : null;

    private static List<string> Lineage(string? bestId, Dictionary<string, ArchiveNode> nodes)
    {
        var lineage = new List<string>();
        for (var id = bestId; id is not null && nodes.TryGetValue(id, out var node) && !lineage.Contains(id); id = node.ParentId)
        {
            lineage.Insert(0, id);
        }

        return lineage;
    }
}
