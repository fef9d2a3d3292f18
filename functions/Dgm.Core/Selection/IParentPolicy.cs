using Dgm.Core.Archive;
using Dgm.Core.Randomness;

namespace Dgm.Core.Selection;

/// <summary>A rule that picks the parent for one child slot from the archive's evaluated nodes.</summary>
public interface IParentPolicy
{
    ArchiveEntry Pick(IReadOnlyList<ArchiveEntry> candidates, AgentArchive archive, int slot, DeterministicRandom random);
}

/// <summary>A policy that draws with replacement with probability proportional to a weight per candidate.</summary>
public abstract class WeightedParentPolicy : IParentPolicy
{
    public abstract IReadOnlyList<double> Weights(IReadOnlyList<ArchiveEntry> candidates, AgentArchive archive);

    public IReadOnlyList<double> Probabilities(IReadOnlyList<ArchiveEntry> candidates, AgentArchive archive)
    {
        var weights = Weights(candidates, archive);
        var total = weights.Sum();
        return weights.Select(w => w / total).ToList();
    }

    public ArchiveEntry Pick(IReadOnlyList<ArchiveEntry> candidates, AgentArchive archive, int slot, DeterministicRandom random) =>
        candidates[random.NextWeighted(Weights(candidates, archive))];

    /// <summary>The paper's squashing of accuracy: 1 / (1 + e^(−10·(acc − 0.5))).</summary>
    protected static double Sigmoid(double accuracy) => 1.0 / (1.0 + Math.Exp(-10.0 * (accuracy - 0.5)));
}
