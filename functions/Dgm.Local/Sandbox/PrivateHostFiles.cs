using Dgm.Jobs.Files;

namespace Dgm.Local.Sandbox;

/// <summary>
/// The files and folders under a bound system folder that others may not read (/etc/shadow, /etc/ssl/private, a
/// service's keys such as /etc/docker/key.json). As root, jobs run as the owner of most of them, so permissions alone
/// do not keep them out: the sandbox hides them.
/// </summary>
internal static class PrivateHostFiles
{
    public static IReadOnlyList<string> Under(string root)
    {
        var found = new List<string>();
        var pending = new Stack<string>([root]);
        while (pending.TryPop(out var folder))
        {
            string[] entries;
            try
            {
                entries = Directory.GetFileSystemEntries(folder);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var entry in entries)
            {
                switch (FileStat.Lstat(entry))
                {
                    case null or { Kind: FileKind.Symlink }:
                        break;
                    case { Kind: FileKind.Directory, Mode: var mode } when !mode.HasFlag(UnixFileMode.OtherRead | UnixFileMode.OtherExecute):
                        found.Add(entry);
                        break;
                    case { Kind: FileKind.Directory }:
                        pending.Push(entry);
                        break;
                    case { Mode: var mode } when !mode.HasFlag(UnixFileMode.OtherRead):
                        found.Add(entry);
                        break;
                }
            }
        }

        return found;
    }
}
