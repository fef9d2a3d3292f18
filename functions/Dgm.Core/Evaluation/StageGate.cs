using Dgm.Core.Archive;
using Dgm.Core.Configuration;

namespace Dgm.Core.Evaluation;

/// <summary>Decides whether the next evaluation stage runs, from the accuracy so far.</summary>
public static class StageGate
{
    /// <summary>
    /// Opens when every gate of <paramref name="stage"/> holds: accuracy ≥ minResolvedFraction (inclusive, as the
    /// reference's "resolved ≥ tasks × threshold"), and accuracy strictly above max(second-best full score, floor).
    /// </summary>
    public static bool Opens(StageSpec stage, double accuracySoFar, double? secondBestFullScore)
    {
        if (stage.MinResolvedFraction is { } fraction && accuracySoFar < fraction)
        {
            return false;
        }

        return !stage.AboveSecondBest || accuracySoFar > SecondBestThreshold(secondBestFullScore, stage.Floor);
    }

    public static double SecondBestThreshold(double? secondBestFullScore, double floor) => Math.Max(secondBestFullScore ?? 0, floor);

    /// <summary>
    /// The second-highest accuracy among nodes evaluated on every stage (the highest when only one is), as the
    /// reference's full-evaluation threshold; null when no node has a full evaluation yet.
    /// </summary>
    public static double? SecondBestFullScore(AgentArchive archive, int stageCount)
    {
        var scores = archive.Nodes
            .Where(n => n.Stages >= stageCount)
            .Select(n => n.Accuracy)
            .OrderDescending()
            .ToList();
        return scores.Count switch
        {
            0 => null,
            1 => scores[0],
            _ => scores[1],
        };
    }
}
