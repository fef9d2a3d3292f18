using Dgm.Core.Archive;
using Dgm.Core.Randomness;

namespace Dgm.Core.Selection;

/// <summary>
/// The top <c>k</c> nodes by accuracy, slot i taking the (i mod k)-th. Ties go to the node admitted earlier,
/// so the choice is deterministic. (The reference sorts ascending and so picks the worst; this picks the best.)
/// </summary>
public sealed class BestPolicy(int topK) : IParentPolicy
{
    public IReadOnlyList<ArchiveEntry> Ranked(IReadOnlyList<ArchiveEntry> candidates) =>
        candidates.Select((node, order) => (node, order))
            .OrderByDescending(x => x.node.Accuracy)
            .ThenBy(x => x.order)
            .Select(x => x.node)
            .Take(Math.Max(1, topK))
            .ToList();

    public ArchiveEntry Pick(IReadOnlyList<ArchiveEntry> candidates, AgentArchive archive, int slot, DeterministicRandom random)
    {
        var ranked = Ranked(candidates);
        return ranked[slot % ranked.Count];
    }
}

/// <summary>Ablation without open-ended exploration: always the newest node.</summary>
public sealed class NewestPolicy : IParentPolicy
{
    public ArchiveEntry Pick(IReadOnlyList<ArchiveEntry> candidates, AgentArchive archive, int slot, DeterministicRandom random) =>
        candidates[^1];
}
