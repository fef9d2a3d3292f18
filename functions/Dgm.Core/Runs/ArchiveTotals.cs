using Dgm.Core.Archive;

namespace Dgm.Core.Runs;

/// <summary>
/// The archive's size, best node and mean accuracy after an iteration. Each iteration record carries them, so a commit
/// carries them forward from the previous record and the nodes it admits instead of reading the whole archive.
/// </summary>
public sealed record ArchiveTotals(int Size, string? BestNodeId, double BestAccuracy, double MeanAccuracy)
{
    public static ArchiveTotals Empty { get; } = new(0, null, 0, 0);

    public static ArchiveTotals After(IterationRecord? previous) =>
        previous is null ? Empty : new(previous.ArchiveSize, previous.BestNodeId, previous.BestAccuracy, previous.MeanAccuracy);

    /// <summary>The totals once <paramref name="admitted"/> join, in admission order.</summary>
    public ArchiveTotals Add(IEnumerable<ArchiveNode> admitted)
    {
        var (size, bestId, best, sum) = (Size, BestNodeId, BestAccuracy, MeanAccuracy * Size);
        foreach (var node in admitted)
        {
            var accuracy = node.Accuracy;
            // Strictly greater: among equal scores the node admitted first stays best.
            if (bestId is null || accuracy > best)
            {
                (bestId, best) = (node.Id, accuracy);
            }

            size++;
            sum += accuracy;
        }

        return new(size, bestId, best, size == 0 ? 0 : sum / size);
    }
}
