namespace DgmAgent.Tools;

// Keeps tool output from flooding the model's context: at most Limit characters, and a note when cut.
// Only the beginning is kept, which is often the least useful part of a long test log.
internal static class OutputClip
{
    public const int Limit = 10_000;

    public static string Apply(string text) => Describe(text.Length <= Limit ? text : text[..Limit], text.Length);

    // head is what was kept; totalLength is how long the whole output was.
    public static string Describe(string head, long totalLength) => totalLength <= head.Length
        ? head
        : $"{head}\n[output clipped: showing the first {head.Length} of {totalLength} characters]";
}
