namespace Dgm.Jobs.Files;

/// <summary>
/// Paths a job names (inputs, outputs, archive entries) are relative to a root. Absolute paths and '..' are refused up
/// front, and nothing walks through a symlink below the root, so nothing a job wrote can redirect a read or a write
/// outside its folder.
/// </summary>
public static class RelativePath
{
    /// <summary>The '/'-separated path without '.' and empty segments; "" names the root itself.</summary>
    public static string Normalize(string path, string what)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException($"{what} is empty; give a relative path.");
        }

        if (path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal) || path.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{what} '{path}' must be a relative '/'-separated path.");
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();
        if (segments.Contains(".."))
        {
            throw new ArgumentException($"{what} '{path}' must not contain '..'.");
        }

        return string.Join('/', segments);
    }

    /// <summary>A value used as one folder name.</summary>
    public static string Segment(string value, string what) =>
        string.IsNullOrEmpty(value) || value is "." or ".." || value.AsSpan().IndexOfAny('/', '\\', '\0') >= 0
            ? throw new ArgumentException($"{what} '{value}' cannot name a folder.")
            : value;

    /// <summary>Throws when a path component between <paramref name="root"/> and <paramref name="full"/> (both exclusive) is not a real directory.</summary>
    public static void EnsureNoSymlinkBelow(string root, string full)
    {
        var segments = Path.GetRelativePath(root, full).Split(Path.DirectorySeparatorChar);
        var current = root;
        foreach (var segment in segments.SkipLast(1).Where(s => s != "."))
        {
            current = Path.Combine(current, segment);
            if (FileStat.Lstat(current) is { Kind: not FileKind.Directory })
            {
                throw new InvalidDataException($"'{Path.GetRelativePath(root, current)}' is not a directory (a symlink?); refusing to go through it.");
            }
        }
    }
}
