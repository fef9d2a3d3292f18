using System.Text;

namespace DgmAgent.Tools;

// Lists a directory tree a fixed number of levels deep, skipping hidden entries (.git, .venv, ...),
// which would otherwise drown the listing.
internal static class DirectoryLister
{
    public static string List(string root, int depth)
    {
        var text = new StringBuilder($"Files and directories up to {depth} levels deep in {root} (hidden entries skipped):\n");
        Append(text, root, "", depth);
        return text.ToString();
    }

    private static void Append(StringBuilder text, string directory, string prefix, int depth)
    {
        var entries = new DirectoryInfo(directory).EnumerateFileSystemInfos()
            .Where(e => !e.Name.StartsWith('.'))
            .OrderBy(e => e.Name, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var relative = prefix + entry.Name;
            if (entry is DirectoryInfo)
            {
                text.Append(relative).Append("/\n");
                if (depth > 1)
                {
                    Append(text, entry.FullName, relative + "/", depth - 1);
                }
            }
            else
            {
                text.Append(relative).Append('\n');
            }
        }
    }
}
