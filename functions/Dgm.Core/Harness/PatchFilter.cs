using System.Text;
using Dgm.Jobs;

namespace Dgm.Core.Harness;

/// <summary>What filtering kept of a patch and which files it dropped, and why.</summary>
public sealed record FilteredPatch(string Patch, IReadOnlyList<string> Dropped)
{
    public bool IsEmpty => string.IsNullOrWhiteSpace(Patch);
}

/// <summary>
/// Strips from a git diff every file section that touches a protected path (the hidden tests, test-framework
/// hooks), a path outside the task's editable paths when it has them, or a path that is not a plain relative path
/// inside the workspace (absolute, with "..", or under .git). Grading applies only what is left, so an agent cannot
/// change the tests or write outside its workspace.
/// </summary>
public static class PatchFilter
{
    public static FilteredPatch Apply(string patch, IEnumerable<string> protectedPaths, IEnumerable<string>? editablePaths = null)
    {
        var globs = protectedPaths.Select(p => new PathGlob(p)).ToList();
        var editable = (editablePaths ?? []).Select(p => new PathGlob(p)).ToList();
        var kept = new StringBuilder();
        var dropped = new List<string>();
        foreach (var section in Sections(patch))
        {
            var why = section.Paths.Select(p => Refusal(p, globs, editable)).FirstOrDefault(r => r is not null);
            if (why is null)
            {
                kept.Append(section.Text);
            }
            else
            {
                dropped.Add(why);
            }
        }

        return new FilteredPatch(kept.ToString(), dropped);
    }

    private sealed record Section(string Text, IReadOnlyList<string> Paths);

    /// <summary>The file sections of a git diff, each starting at its "diff --git" line; text before the first is dropped.</summary>
    private static IEnumerable<Section> Sections(string patch)
    {
        StringBuilder? current = null;
        var paths = new List<string>();
        var inHunk = false;
        foreach (var line in patch.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.StartsWith("diff --git ", StringComparison.Ordinal))
            {
                if (current is not null)
                {
                    yield return new Section(current.ToString(), paths);
                }

                (current, paths, inHunk) = (new StringBuilder(), [], false);
            }

            if (current is null)
            {
                continue;
            }

            inHunk |= line.StartsWith("@@", StringComparison.Ordinal);
            if (!inHunk)
            {
                CollectPaths(line, paths);
            }

            current.Append(line).Append('\n');
        }

        if (current is not null)
        {
            yield return new Section(current.ToString().TrimEnd('\n') + "\n", paths);
        }
    }

    private static void CollectPaths(string line, List<string> paths)
    {
        if (line.StartsWith("diff --git ", StringComparison.Ordinal))
        {
            var rest = line["diff --git ".Length..];
            var split = rest.IndexOf(" b/", StringComparison.Ordinal);
            if (split > 0)
            {
                paths.Add(StripPrefix(rest[..split]));
                paths.Add(StripPrefix(rest[(split + 1)..]));
            }
        }
        else if (line.StartsWith("--- ", StringComparison.Ordinal) || line.StartsWith("+++ ", StringComparison.Ordinal))
        {
            var path = line[4..].Split('\t')[0];
            if (path != "/dev/null")
            {
                paths.Add(StripPrefix(path));
            }
        }
        else if (line.StartsWith("rename from ", StringComparison.Ordinal) || line.StartsWith("copy from ", StringComparison.Ordinal))
        {
            paths.Add(line[(line.IndexOf("from ", StringComparison.Ordinal) + 5)..]);
        }
        else if (line.StartsWith("rename to ", StringComparison.Ordinal) || line.StartsWith("copy to ", StringComparison.Ordinal))
        {
            paths.Add(line[(line.IndexOf("to ", StringComparison.Ordinal) + 3)..]);
        }
    }

    private static string StripPrefix(string path)
    {
        path = path.Trim('"');
        return path.StartsWith("a/", StringComparison.Ordinal) || path.StartsWith("b/", StringComparison.Ordinal) ? path[2..] : path;
    }

    private static string? Refusal(string path, List<PathGlob> protectedPaths, List<PathGlob> editable) =>
        !IsSafe(path) ? $"{path} (outside the workspace)"
        : PathGlob.AnyMatch(protectedPaths, path) ? $"{path} (protected)"
        : editable.Count > 0 && !PathGlob.AnyMatch(editable, path) ? $"{path} (not editable)"
        : null;

    private static bool IsSafe(string path) =>
        path.Length > 0 && !path.StartsWith('/') && !path.Contains('\\', StringComparison.Ordinal)
        && path.Split('/').All(s => s is not ("" or "." or "..")) && !path.Split('/')[0].Equals(".git", StringComparison.Ordinal);
}
