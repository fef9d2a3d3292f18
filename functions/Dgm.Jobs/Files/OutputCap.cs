using System.Globalization;

namespace Dgm.Jobs.Files;

/// <summary>
/// How much a job's collected outputs may hold together, checked before any byte is read: apparent size (what a copy
/// would read; a sparse file is as big as it says) and allocated size (what it takes on disk) each against the job's
/// disk limit, and entries against a count, so a job cannot make its collection exhaust the host's memory or store.
/// </summary>
public sealed class OutputCap(long maxBytes, int maxEntries)
{
    /// <summary>Entries a job's outputs may hold; far above a real workspace, far below what would slow the host.</summary>
    public const int DefaultMaxEntries = 100_000;

    private long _apparent;
    private long _allocated;
    private int _entries;

    /// <summary>Counts the output at <paramref name="path"/> (a file, or a folder's whole tree without following links); returns why it is refused, or null.</summary>
    public string? Admit(string path, string name)
    {
        foreach (var stat in Stats(path))
        {
            _entries++;
            if (stat.Kind == FileKind.Regular)
            {
                _apparent += stat.Size;
                _allocated += stat.AllocatedBytes;
            }

            if (_apparent > maxBytes || _allocated > maxBytes || _entries > maxEntries)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"output '{name}' was not collected: the job's outputs reach {_apparent:N0} bytes ({_allocated:N0} allocated) in {_entries:N0} entries, over the limit of {maxBytes:N0} bytes and {maxEntries:N0} entries");
            }
        }

        return null;
    }

    private static IEnumerable<NoFollowStat> Stats(string path)
    {
        if (FileStat.Lstat(path) is not { } stat)
        {
            yield break;
        }

        yield return stat;
        if (stat.Kind == FileKind.Directory)
        {
            foreach (var (_, below) in TreeWalk.Below(path))
            {
                yield return below;
            }
        }
    }
}
