using System.Text.Json.Serialization;

namespace Dgm.Core.Archive;

/// <summary>
/// A node as the archive holds it: its lineage, its snapshot and its attempt counts — all that parent selection,
/// the stage gate and the archive's totals read. Its node.json stays the record of the node; its task outcomes are
/// read from there, and only for the nodes that need them (a chosen parent's diagnosis).
/// </summary>
/// <remarks>
/// The counts repeat what node.json's stages already say. They are written once, at the commit that admits the node,
/// into the archive index, because loading the archive is otherwise parsing every task outcome of every node (seconds
/// at 10,000 nodes) only to count them.
/// </remarks>
public sealed record ArchiveEntry
{
    public required string Id { get; init; }

    public string? ParentId { get; init; }

    public required NodeStatus Status { get; init; }

    /// <summary>SHA-256 of the node's source snapshot: what a child of it starts from.</summary>
    public string? SnapshotHash { get; init; }

    /// <summary>How many evaluation stages graded the node.</summary>
    public int Stages { get; init; }

    public int Resolved { get; init; }

    public int Submitted { get; init; }

    [JsonIgnore]
    public AttemptCounts Attempts => new(Resolved, Submitted);

    [JsonIgnore]
    public double Accuracy => Attempts.Accuracy;

    [JsonIgnore]
    public bool IsEvaluated => Stages > 0;

    public static ArchiveEntry Of(ArchiveNode node)
    {
        var attempts = node.AttemptCounts;
        return new()
        {
            Id = node.Id,
            ParentId = node.ParentId,
            Status = node.Status,
            SnapshotHash = node.SnapshotHash,
            Stages = node.Stages.Count,
            Resolved = attempts.Resolved,
            Submitted = attempts.Submitted,
        };
    }
}
