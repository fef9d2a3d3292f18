namespace Autocomplete;

/// <summary>
/// A prefix tree of words with usage counts, used by the search box to suggest completions.
/// Words are normalised to lower case; adding the same word again increases its count.
/// </summary>
public sealed class WordIndex
{
    private readonly Node _root = new();

    public int DistinctWords { get; private set; }

    public void Add(string word, int times = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(word);
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);

        var node = _root;
        foreach (var ch in Normalize(word))
        {
            if (!node.Children.TryGetValue(ch, out var child))
            {
                child = new Node();
                node.Children.Add(ch, child);
            }

            node = child;
        }

        if (node.Count == 0)
        {
            DistinctWords++;
        }

        node.Count += times;
    }

    public bool Contains(string word) => Count(word) > 0;

    /// <summary>How many times <paramref name="word"/> was added (0 when unknown).</summary>
    public int Count(string word)
    {
        var node = Find(Normalize(word));
        return node?.Count ?? 0;
    }

    private Node? Find(string normalized)
    {
        var node = _root;
        foreach (var ch in normalized)
        {
            if (!node.Children.TryGetValue(ch, out node))
            {
                return null;
            }
        }

        return node;
    }

    private static string Normalize(string text) => text.Trim().ToLowerInvariant();

    private sealed class Node
    {
        public Dictionary<char, Node> Children { get; } = new();

        public int Count { get; set; }
    }
}
