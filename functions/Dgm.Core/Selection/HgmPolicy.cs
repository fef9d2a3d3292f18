using Dgm.Core.Archive;
using Dgm.Core.Randomness;

namespace Dgm.Core.Selection;

/// <summary>
/// Huxley-Gödel Machine selection: a node is judged by its clade (itself and all descendants), whose task
/// attempts are pooled into successes (resolved) and failures (anything else), as the archive keeps them; each
/// slot takes the argmax of one Thompson draw θ ~ Beta(1 + successes, 1 + failures) per candidate.
/// </summary>
public sealed class HgmPolicy : IParentPolicy
{
    public static CladeCounts Clade(ArchiveEntry node, AgentArchive archive)
    {
        var pooled = archive.CladeAttempts(node.Id);
        return new CladeCounts(pooled.Resolved, pooled.Submitted - pooled.Resolved);
    }

    public ArchiveEntry Pick(IReadOnlyList<ArchiveEntry> candidates, AgentArchive archive, int slot, DeterministicRandom random)
    {
        ArchiveEntry? best = null;
        var bestDraw = double.NegativeInfinity;
        foreach (var candidate in candidates)
        {
            var clade = Clade(candidate, archive);
            var draw = random.NextBeta(1 + clade.Successes, 1 + clade.Failures);
            if (draw > bestDraw)
            {
                (best, bestDraw) = (candidate, draw);
            }
        }

        return best!;
    }
}

public readonly record struct CladeCounts(int Successes, int Failures);
