using Dgm.Core.Archive;

namespace Dgm.Core.Selection;

/// <summary>The paper's default: p ∝ sigmoid(accuracy) / (1 + children), favouring good nodes that were explored little.</summary>
public sealed class ScoreChildPropPolicy : WeightedParentPolicy
{
    public override IReadOnlyList<double> Weights(IReadOnlyList<ArchiveEntry> candidates, AgentArchive archive) =>
        candidates.Select(n => Sigmoid(n.Accuracy) / (1 + archive.Children(n.Id).Count)).ToList();
}

/// <summary>p ∝ sigmoid(accuracy).</summary>
public sealed class ScorePropPolicy : WeightedParentPolicy
{
    public override IReadOnlyList<double> Weights(IReadOnlyList<ArchiveEntry> candidates, AgentArchive archive) =>
        candidates.Select(n => Sigmoid(n.Accuracy)).ToList();
}

/// <summary>Uniform over the archive.</summary>
public sealed class RandomParentPolicy : WeightedParentPolicy
{
    public override IReadOnlyList<double> Weights(IReadOnlyList<ArchiveEntry> candidates, AgentArchive archive) =>
        candidates.Select(_ => 1.0).ToList();
}
