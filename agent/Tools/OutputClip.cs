using System.Text;

namespace DgmAgent.Tools;

// Keeps tool output from flooding the model's context: at most about Limit characters, and a note when cut.
// Both ends are kept: the head says what ran, the tail holds what a long test or build log ends with (the
// failures and the summary).
internal static class OutputClip
{
    public const int Limit = 10_000;
    public const int HeadLimit = Limit / 2;
    public const int TailLimit = Limit - HeadLimit;

    public static string Apply(string text) => text.Length <= Limit
        ? text
        : Describe(text[..HeadLimit], text[^TailLimit..], text.Length);

    // head and tail are what was kept; totalLength is how long the whole output was.
    public static string Describe(string head, string tail, long totalLength)
    {
        var cut = totalLength - head.Length - tail.Length;
        return cut <= 0
            ? head + tail
            : $"{head}\n[output clipped: {cut} of {totalLength} characters cut here; the first {head.Length} and the last {tail.Length} are shown]\n{tail}";
    }
}

// The same clip for output that arrives in pieces (a running command): the head fills first, then a
// bounded window slides over the rest so only the last TailLimit characters are kept.
internal sealed class ClippedOutput
{
    private readonly StringBuilder _head = new();
    private readonly StringBuilder _tail = new();
    private long _total;

    public void Append(char[] buffer, int count)
    {
        _total += count;
        var toHead = Math.Min(count, OutputClip.HeadLimit - _head.Length);
        _head.Append(buffer, 0, toHead);
        _tail.Append(buffer, toHead, count - toHead);
        // Trimmed only once it doubles, so the copying stays linear in the output's length.
        if (_tail.Length > 2 * OutputClip.TailLimit)
        {
            _tail.Remove(0, _tail.Length - OutputClip.TailLimit);
        }
    }

    public override string ToString()
    {
        var tail = _tail.Length > OutputClip.TailLimit ? _tail.ToString(_tail.Length - OutputClip.TailLimit, OutputClip.TailLimit) : _tail.ToString();
        return OutputClip.Describe(_head.ToString(), tail, _total);
    }
}
