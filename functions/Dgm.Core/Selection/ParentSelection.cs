using Dgm.Core.Archive;
using Dgm.Core.Configuration;
using Dgm.Core.Randomness;

namespace Dgm.Core.Selection;

/// <summary>The parent chosen for one child slot, and whose agent performs the modification.</summary>
public sealed record SelectedParent(int Slot, string ParentId, string ModifierId);

/// <summary>
/// Chooses the parents of an iteration. Each slot draws independently (with replacement, as the reference)
/// from a generator derived from (run seed, iteration, slot), so a replayed orchestrator makes the same choice.
/// </summary>
public static class ParentSelection
{
    public static IReadOnlyList<SelectedParent> Select(AgentArchive archive, SelectionSettings settings, int slots, long seed, int iteration)
    {
        var candidates = Candidates(archive);
        if (candidates.Count == 0)
        {
            throw new InvalidOperationException("No archive node has been evaluated, so none can be a parent.");
        }

        var policy = PolicyFor(settings, slots);
        var picks = new List<SelectedParent>(slots);
        for (var slot = 0; slot < slots; slot++)
        {
            var random = DeterministicRandom.For(seed, iteration, slot, "parent");
            var parent = policy.Pick(candidates, archive, slot, random);
            var modifier = settings.Policy == SelectionPolicy.NoSelfimprove ? ArchiveNode.SeedId : parent.Id;
            picks.Add(new SelectedParent(slot, parent.Id, modifier));
        }

        return picks;
    }

    /// <summary>Nodes that can be parents: admitted (or the seed) and evaluated.</summary>
    public static IReadOnlyList<ArchiveEntry> Candidates(AgentArchive archive) =>
        archive.Nodes.Where(n => n.IsEvaluated).ToList();

    public static IParentPolicy PolicyFor(SelectionSettings settings, int slots) => settings.Policy switch
    {
        SelectionPolicy.ScoreChildProp or SelectionPolicy.NoSelfimprove => new ScoreChildPropPolicy(),
        SelectionPolicy.ScoreProp => new ScorePropPolicy(),
        SelectionPolicy.Random => new RandomParentPolicy(),
        SelectionPolicy.Best => new BestPolicy(settings.TopK ?? slots),
        SelectionPolicy.Hgm => new HgmPolicy(),
        SelectionPolicy.NoDarwin => new NewestPolicy(),
        _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Policy, "Unknown selection policy."),
    };
}
