namespace Dgm.Jobs.Files;

/// <summary>
/// Walks a tree without ever following a symlink, siblings in ordinal order, each directory before its contents.
/// Iterative, so a deliberately deep tree cannot overflow the stack; entries that vanish mid-walk (a job may still be
/// running) are skipped.
/// </summary>
public static class TreeWalk
{
    public static IEnumerable<(string Path, NoFollowStat Stat)> Below(string root)
    {
        var pending = new Stack<string>();
        PushChildren(root, pending);
        while (pending.TryPop(out var entry))
        {
            if (FileStat.Lstat(entry) is not { } stat)
            {
                continue;
            }

            yield return (entry, stat);
            if (stat.Kind == FileKind.Directory)
            {
                PushChildren(entry, pending);
            }
        }
    }

    private static void PushChildren(string directory, Stack<string> pending)
    {
        string[] entries;
        try
        {
            entries = Directory.GetFileSystemEntries(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }

        Array.Sort(entries, StringComparer.Ordinal);
        for (var i = entries.Length - 1; i >= 0; i--)
        {
            pending.Push(entries[i]);
        }
    }
}
