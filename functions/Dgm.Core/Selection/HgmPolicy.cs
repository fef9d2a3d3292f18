using Dgm.Core.Archive;
using Dgm.Core.Randomness;

namespace Dgm.Core.Selection;

/// <summary>
/// Huxley-Gödel Machine selection: a node is judged by its clade (itself and all descendants), whose task
/// outcomes are pooled into successes and failures; each slot takes the argmax of one Thompson draw
/// θ ~ Beta(1 + successes, 1 + failures) per candidate.
/// </summary>
public sealed class HgmPolicy : IParentPolicy
{
    public static CladeCounts Clade(ArchiveNode node, AgentArchive archive)
    {
        var successes = 0;
        var failures = 0;
        foreach (var member in archive.Descendants(node.Id).Prepend(node))
        {
            foreach (var attempt in member.Outcomes.SelectMany(t => t.Attempts))
            {
                if (attempt.Status == AttemptStatus.Resolved)
                {
                    successes++;
                }
                else
                {
                    failures++;
                }
            }
        }

        return new CladeCounts(successes, failures);
    }

    public ArchiveNode Pick(IReadOnlyList<ArchiveNode> candidates, AgentArchive archive, int slot, DeterministicRandom random)
    {
        ArchiveNode? best = null;
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
