using Dgm.Core.Archive;

namespace Dgm.Reports;

/// <summary>
/// A node's held-out accuracy beside its train accuracy (the stages it was selected by). <see cref="Suspect"/> marks
/// a child whose train accuracy rose above its parent's while its held-out accuracy fell below its parent's: it may
/// have learned the tasks it is scored on rather than coding (the DGM paper saw an agent hack its objective).
/// </summary>
public sealed record HeldOutCheck
{
    public const string SuspectNote = "train up, held-out down: possible reward hacking";

    public required double Accuracy { get; init; }

    public required int Resolved { get; init; }

    public required int Submitted { get; init; }

    /// <summary>Train accuracy minus held-out accuracy; null when the node has no train accuracy.</summary>
    public double? Gap { get; init; }

    public bool Suspect { get; init; }

    /// <summary>Every graded node's check, by node id, given each node's held-out grades.</summary>
    public static IReadOnlyDictionary<string, HeldOutCheck> Of(IReadOnlyCollection<ArchiveNode> nodes, IReadOnlyDictionary<string, HeldOutResult> heldOut)
    {
        var byId = nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        var checks = new Dictionary<string, HeldOutCheck>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (!heldOut.TryGetValue(node.Id, out var result) || !result.IsGraded)
            {
                continue;
            }

            var accuracy = result.Counts.Accuracy;
            var parent = node.ParentId is { } parentId ? byId.GetValueOrDefault(parentId) : null;
            checks[node.Id] = new HeldOutCheck
            {
                Accuracy = accuracy,
                Resolved = result.Counts.Resolved,
                Submitted = result.Counts.Submitted,
                Gap = node.IsEvaluated ? node.Accuracy - accuracy : null,
                Suspect = node.IsEvaluated && parent is { IsEvaluated: true }
                    && heldOut.GetValueOrDefault(parent.Id) is { IsGraded: true } parentHeldOut
                    && node.Accuracy > parent.Accuracy && accuracy < parentHeldOut.Counts.Accuracy,
            };
        }

        return checks;
    }
}
