namespace Dgm.Local.Sandbox;

/// <summary>
/// Walks a tree the job wrote without ever following a symlink, siblings in ordinal order, each directory before its
/// contents. Iterative, so a deliberately deep tree cannot overflow the stack; entries that vanish mid-walk (the job
/// may still be running) are skipped.
/// </summary>
internal static class TreeWalk
{
    public static IEnumerable<(string Path, NoFollowStat Stat)> Below(string root)
    {
        var pending = new Stack<string>();
        PushChildren(root, pending);
        while (pending.TryPop(out var entry))
        {
            if (Libc.Lstat(entry) is not { } stat)
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
