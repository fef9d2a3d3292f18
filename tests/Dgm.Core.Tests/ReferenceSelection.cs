using Dgm.Core.Archive;
using Dgm.Core.Configuration;
using Dgm.Core.Randomness;
using Dgm.Core.Selection;

namespace Dgm.Core.Tests;

/// <summary>
/// Each selection policy read straight from its definition over the raw node list, with nothing indexed or cached:
/// children and clades found by scanning, accuracy by counting attempts. Slow, and obviously right.
/// </summary>
internal static class ReferenceSelection
{
    public static string Pick(IReadOnlyList<ArchiveNode> nodes, SelectionSettings settings, int slots, long seed, int iteration, int slot)
    {
        var candidates = nodes.Where(n => n.Stages.Count > 0).ToList();
        var random = DeterministicRandom.For(seed, iteration, slot, "parent");
        return (settings.Policy switch
        {
            SelectionPolicy.ScoreChildProp or SelectionPolicy.NoSelfimprove =>
                candidates[random.NextWeighted(candidates.Select(n => Sigmoid(Accuracy(n)) / (1 + Children(nodes, n).Count)).ToList())],
            SelectionPolicy.ScoreProp => candidates[random.NextWeighted(candidates.Select(n => Sigmoid(Accuracy(n))).ToList())],
            SelectionPolicy.Random => candidates[random.NextWeighted(candidates.Select(_ => 1.0).ToList())],
            SelectionPolicy.Best => Best(candidates, settings.TopK ?? slots, slot),
            SelectionPolicy.Hgm => candidates.MaxBy(n => ThompsonDraw(Clade(nodes, n), random))!,
            SelectionPolicy.NoDarwin => candidates[^1],
            _ => throw new ArgumentOutOfRangeException(nameof(settings)),
        }).Id;
    }

    public static List<ArchiveNode> Children(IReadOnlyList<ArchiveNode> nodes, ArchiveNode parent) =>
        nodes.Where(n => n.ParentId == parent.Id).ToList();

    /// <summary>Breadth first, children in admission order.</summary>
    public static List<ArchiveNode> Descendants(IReadOnlyList<ArchiveNode> nodes, ArchiveNode root)
    {
        var found = new List<ArchiveNode>();
        var frontier = new Queue<ArchiveNode>([root]);
        while (frontier.TryDequeue(out var node))
        {
            foreach (var child in Children(nodes, node))
            {
                found.Add(child);
                frontier.Enqueue(child);
            }
        }

        return found;
    }

    public static CladeCounts Clade(IReadOnlyList<ArchiveNode> nodes, ArchiveNode root)
    {
        var attempts = Descendants(nodes, root).Prepend(root).SelectMany(Attempts).ToList();
        var successes = attempts.Count(a => a.Status == AttemptStatus.Resolved);
        return new CladeCounts(successes, attempts.Count - successes);
    }

    private static double Accuracy(ArchiveNode node)
    {
        var attempts = Attempts(node).ToList();
        return attempts.Count == 0 ? 0 : (double)attempts.Count(a => a.Status == AttemptStatus.Resolved) / attempts.Count;
    }

    private static IEnumerable<AttemptOutcome> Attempts(ArchiveNode node) => node.Stages.SelectMany(s => s.Tasks).SelectMany(t => t.Attempts);

    private static double Sigmoid(double accuracy) => 1.0 / (1.0 + Math.Exp(-10.0 * (accuracy - 0.5)));

    /// <summary>The best k by accuracy, ties to the earlier admitted, slot i taking the (i mod k)-th.</summary>
    private static ArchiveNode Best(List<ArchiveNode> candidates, int topK, int slot)
    {
        var ranked = candidates.OrderByDescending(Accuracy).Take(Math.Max(1, topK)).ToList();
        return ranked[slot % ranked.Count];
    }

    private static double ThompsonDraw(CladeCounts clade, DeterministicRandom random) => random.NextBeta(1 + clade.Successes, 1 + clade.Failures);
}
