using System.Globalization;
using System.Text;

namespace Dgm.Jobs;

/// <summary>
/// Keeps at most <c>limit</c> bytes of a stream however much arrives: its head and its tail, joined by one marker
/// that says how much was left out, all within the limit. The head shows how a run started, the tail how it ended
/// (where test runners summarise failures).
/// </summary>
public sealed class OutputClip
{
    private readonly int _limit;
    private readonly byte[] _head;
    private readonly byte[] _tail;
    private int _headLength;
    private long _tailWritten;

    public OutputClip(int limit)
    {
        _limit = Math.Max(0, limit);
        _head = new byte[_limit / 2];
        _tail = new byte[_limit - _head.Length];
    }

    public long TotalBytes { get; private set; }

    public bool Truncated => TotalBytes > _limit;

    public void Append(ReadOnlySpan<byte> data)
    {
        TotalBytes += data.Length;
        var toHead = Math.Min(data.Length, _head.Length - _headLength);
        data[..toHead].CopyTo(_head.AsSpan(_headLength));
        _headLength += toHead;
        data = data[toHead..];
        if (_tail.Length == 0 || data.IsEmpty)
        {
            return;
        }

        // The tail is a ring buffer: only its last _tail.Length bytes matter.
        if (data.Length > _tail.Length)
        {
            _tailWritten += data.Length - _tail.Length;
            data = data[^_tail.Length..];
        }

        var start = (int)(_tailWritten % _tail.Length);
        var first = Math.Min(data.Length, _tail.Length - start);
        data[..first].CopyTo(_tail.AsSpan(start));
        data[first..].CopyTo(_tail);
        _tailWritten += data.Length;
    }

    /// <summary>
    /// The kept bytes: everything when it fit, else head, marker and tail within the limit (the marker's room is taken
    /// from head and tail; a limit smaller than the marker keeps the marker alone).
    /// </summary>
    public byte[] ToArray()
    {
        var tailLength = (int)Math.Min(_tailWritten, _tail.Length);
        var tail = new byte[tailLength];
        if (tailLength > 0)
        {
            var start = (int)((_tailWritten - tailLength) % _tail.Length);
            var first = Math.Min(tailLength, _tail.Length - start);
            _tail.AsSpan(start, first).CopyTo(tail);
            _tail.AsSpan(0, tailLength - first).CopyTo(tail.AsSpan(first));
        }

        if (!Truncated)
        {
            return [.. _head.AsSpan(0, _headLength), .. tail];
        }

        var room = Math.Max(0, _limit - Clip.MarkerRoom);
        var head = Math.Min(_headLength, room / 2);
        var keep = Math.Min(tailLength, room - head);
        var marker = Encoding.UTF8.GetBytes(Clip.Marker(TotalBytes - head - keep, "bytes"));
        return [.. _head.AsSpan(0, head), .. marker, .. tail.AsSpan(tailLength - keep)];
    }

    public string Text() => Encoding.UTF8.GetString(ToArray());
}

/// <summary>Clipping of text already in memory (prompts, logs read back), with the same marker as <see cref="OutputClip"/>.</summary>
public static class Clip
{
    /// <summary>Room the marker takes; it is counted inside every limit.</summary>
    public const int MarkerRoom = 64;

    public static string Marker(long omitted, string unit) =>
        $"\n[... {omitted.ToString(CultureInfo.InvariantCulture)} {unit} omitted ...]\n";

    /// <summary>At most <paramref name="limit"/> characters of <paramref name="text"/>: its head and tail around the marker.</summary>
    public static string HeadAndTail(string text, int limit)
    {
        if (text.Length <= limit)
        {
            return text;
        }

        var room = Math.Max(0, limit - MarkerRoom);
        var head = room / 2;
        var tail = room - head;
        return text[..head] + Marker(text.Length - head - tail, "characters") + text[^tail..];
    }

    /// <summary>At most <paramref name="limit"/> characters of <paramref name="text"/>, its end kept (logs end with what went wrong).</summary>
    public static string Tail(string text, int limit)
    {
        if (text.Length <= limit)
        {
            return text;
        }

        var keep = Math.Max(0, limit - MarkerRoom);
        return Marker(text.Length - keep, "characters").TrimStart('\n') + text[^keep..];
    }
}
