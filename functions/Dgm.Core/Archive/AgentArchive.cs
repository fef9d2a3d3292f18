namespace Dgm.Core.Archive;

/// <summary>
/// The admitted agents of a run in admission order (the seed first) with their lineage. Only admitted nodes
/// can be parents; children counts and clades are taken over the archive, as in the reference.
/// </summary>
public sealed class AgentArchive
{
    private readonly List<ArchiveNode> _nodes = [];
    private readonly Dictionary<string, ArchiveNode> _byId = new(StringComparer.Ordinal);

    public AgentArchive(IEnumerable<ArchiveNode> nodes)
    {
        foreach (var node in nodes)
        {
            Add(node);
        }
    }

    public IReadOnlyList<ArchiveNode> Nodes => _nodes;

    public int Count => _nodes.Count;

    public ArchiveNode Newest => _nodes.Count > 0 ? _nodes[^1] : throw new InvalidOperationException("The archive is empty.");

    public ArchiveNode Get(string id) =>
        _byId.TryGetValue(id, out var node) ? node : throw new KeyNotFoundException($"Node '{id}' is not in the archive.");

    public bool Contains(string id) => _byId.ContainsKey(id);

    public void Add(ArchiveNode node)
    {
        if (node.Status == NodeStatus.Rejected)
        {
            throw new ArgumentException($"Node '{node.Id}' was rejected ({node.Reason}) and cannot join the archive.", nameof(node));
        }

        if (node.ParentId is { } parent && !_byId.ContainsKey(parent))
        {
            throw new ArgumentException($"Node '{node.Id}' names parent '{parent}', which is not in the archive.", nameof(node));
        }

        if (!_byId.TryAdd(node.Id, node))
        {
            throw new ArgumentException($"Node '{node.Id}' is already in the archive.", nameof(node));
        }

        _nodes.Add(node);
    }

    public IEnumerable<ArchiveNode> Children(string id) => _nodes.Where(n => n.ParentId == id);

    /// <summary>Every node below <paramref name="id"/>, breadth first.</summary>
    public IEnumerable<ArchiveNode> Descendants(string id)
    {
        var frontier = new Queue<string>([id]);
        while (frontier.TryDequeue(out var current))
        {
            foreach (var child in Children(current))
            {
                yield return child;
                frontier.Enqueue(child.Id);
            }
        }
    }

    /// <summary>The path from the seed down to <paramref name="id"/>, both included.</summary>
    public IReadOnlyList<ArchiveNode> Lineage(string id)
    {
        var path = new List<ArchiveNode>();
        for (var node = Get(id); ; node = Get(node.ParentId))
        {
            path.Add(node);
            if (node.ParentId is null)
            {
                break;
            }
        }

        path.Reverse();
        return path;
    }
}
