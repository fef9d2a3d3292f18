namespace Dgm.Core.Archive;

/// <summary>
/// The admitted agents of a run in admission order (the seed first) with their lineage, as entries (a node's task
/// outcomes stay in its node.json). Only admitted nodes can be parents; children counts and clades are taken over the
/// archive, as in the reference. Children and clade attempt counts are indexed as nodes are added, so selection reads
/// them without scanning the archive.
/// </summary>
public sealed class AgentArchive
{
    private readonly List<ArchiveEntry> _nodes = [];
    private readonly Dictionary<string, Place> _places = new(StringComparer.Ordinal);

    public AgentArchive(IEnumerable<ArchiveEntry> nodes)
    {
        var places = nodes.Select(Insert).ToList();
        // Clades in one pass from the newest node back: a child comes after its parent, so its clade is whole before it
        // joins its parent's. Adding each node up its lineage instead costs the lineage's depth per node.
        for (var i = places.Count - 1; i >= 0; i--)
        {
            if (places[i].Parent is { } parent)
            {
                parent.Clade += places[i].Clade;
            }
        }
    }

    public IReadOnlyList<ArchiveEntry> Nodes => _nodes;

    public int Count => _nodes.Count;

    public ArchiveEntry Newest => _nodes.Count > 0 ? _nodes[^1] : throw new InvalidOperationException("The archive is empty.");

    public ArchiveEntry Get(string id) => PlaceOf(id).Node;

    public bool Contains(string id) => _places.ContainsKey(id);

    public void Add(ArchiveEntry node)
    {
        var attempts = node.Attempts;
        for (var member = Insert(node).Parent; member is not null; member = member.Parent)
        {
            member.Clade += attempts;
        }
    }

    /// <summary>Places the node under its parent, with its own attempts as its clade so far.</summary>
    private Place Insert(ArchiveEntry node)
    {
        if (node.Status == NodeStatus.Rejected)
        {
            throw new ArgumentException($"Node '{node.Id}' was rejected and cannot join the archive.", nameof(node));
        }

        Place? parent = null;
        if (node.ParentId is { } parentId && !_places.TryGetValue(parentId, out parent))
        {
            throw new ArgumentException($"Node '{node.Id}' names parent '{parentId}', which is not in the archive.", nameof(node));
        }

        var place = new Place(node, parent) { Clade = node.Attempts };
        if (!_places.TryAdd(node.Id, place))
        {
            throw new ArgumentException($"Node '{node.Id}' is already in the archive.", nameof(node));
        }

        _nodes.Add(node);
        parent?.Children.Add(node);
        return place;
    }

    /// <summary>The nodes whose parent is <paramref name="id"/>, in admission order.</summary>
    public IReadOnlyList<ArchiveEntry> Children(string id) => _places.TryGetValue(id, out var place) ? place.Children : [];

    /// <summary>Every node below <paramref name="id"/>, breadth first.</summary>
    public IEnumerable<ArchiveEntry> Descendants(string id)
    {
        var frontier = new Queue<ArchiveEntry>(Children(id));
        while (frontier.TryDequeue(out var node))
        {
            yield return node;
            foreach (var child in Children(node.Id))
            {
                frontier.Enqueue(child);
            }
        }
    }

    /// <summary>The attempts of <paramref name="id"/> and all its descendants, pooled.</summary>
    public AttemptCounts CladeAttempts(string id) => PlaceOf(id).Clade;

    /// <summary>The path from the seed down to <paramref name="id"/>, both included.</summary>
    public IReadOnlyList<ArchiveEntry> Lineage(string id)
    {
        var path = new List<ArchiveEntry>();
        for (var place = PlaceOf(id); place is not null; place = place.Parent)
        {
            path.Add(place.Node);
        }

        path.Reverse();
        return path;
    }

    private Place PlaceOf(string id) =>
        _places.TryGetValue(id, out var place) ? place : throw new KeyNotFoundException($"Node '{id}' is not in the archive.");

    /// <summary>A node's place in the tree; its clade counts grow as descendants are added, so no read walks the tree.</summary>
    private sealed class Place(ArchiveEntry node, Place? parent)
    {
        public ArchiveEntry Node { get; } = node;

        public Place? Parent { get; } = parent;

        public List<ArchiveEntry> Children { get; } = [];

        public AttemptCounts Clade { get; set; }
    }
}
