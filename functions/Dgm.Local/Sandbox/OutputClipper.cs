using System.Globalization;
using System.Text;

namespace Dgm.Local.Sandbox;

/// <summary>
/// Keeps at most <c>limit</c> bytes of a stream however much arrives: the first half and the last half, joined by
/// a marker saying how much was left out. The head shows how a run started, the tail how it ended.
/// </summary>
internal sealed class OutputClipper(int limit)
{
    private readonly byte[] _head = new byte[Math.Max(0, limit) / 2];
    private readonly byte[] _tail = new byte[Math.Max(0, limit) - (Math.Max(0, limit) / 2)];
    private int _headLength;
    private long _tailWritten;

    public long TotalBytes { get; private set; }

    public bool Truncated => TotalBytes > _head.Length + _tail.Length;

    public void Append(ReadOnlySpan<byte> data)
    {
        TotalBytes += data.Length;
        var toHead = Math.Min(data.Length, _head.Length - _headLength);
        data[..toHead].CopyTo(_head.AsSpan(_headLength));
        _headLength += toHead;
        data = data[toHead..];
        if (_tail.Length == 0)
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

    public string Text()
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
            return Encoding.UTF8.GetString([.. _head.AsSpan(0, _headLength), .. tail]);
        }

        var omitted = (TotalBytes - _headLength - tailLength).ToString(CultureInfo.InvariantCulture);
        return $"{Encoding.UTF8.GetString(_head, 0, _headLength)}\n[... {omitted} bytes of output omitted ...]\n{Encoding.UTF8.GetString(tail)}";
    }
}
