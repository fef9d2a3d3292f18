using DgmAgent.Model;

namespace DgmAgent.Run;

// Makes room in a conversation that outgrew the context window by replacing the content of the oldest
// half (at least one) of the tool results still present. The calls and their ids stay, so the protocol
// still pairs every tool call with a result and the model can see what it ran.
internal static class ToolOutputDropper
{
    public const string Placeholder = "[output dropped to fit the context window]";

    // Returns how many tool results were dropped; 0 means there is nothing left to drop.
    public static int DropOldestHalf(List<ChatMessage> messages)
    {
        var kept = Enumerable.Range(0, messages.Count)
            .Where(i => messages[i].Role == "tool" && messages[i].Content != Placeholder)
            .ToList();
        if (kept.Count == 0)
        {
            return 0;
        }

        var count = Math.Max(1, kept.Count / 2);
        foreach (var index in kept.Take(count))
        {
            messages[index] = messages[index] with { Content = Placeholder };
        }

        return count;
    }
}
