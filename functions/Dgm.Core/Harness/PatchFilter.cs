using System.Text;
using Dgm.Jobs;

namespace Dgm.Core.Harness;

/// <summary>What filtering kept of a patch and which files it dropped, and why; or why the patch could not be read.</summary>
public sealed record FilteredPatch(string Patch, IReadOnlyList<string> Dropped, string? Error = null)
{
    public bool IsEmpty => string.IsNullOrWhiteSpace(Patch);
}

/// <summary>
/// Keeps of a patch only the file sections grading may apply. A task with editable paths is an allow-list: a section
/// survives only when every path it names is editable. Either way a section is dropped when it names a protected path
/// (the task's, or a file tools load implicitly: <see cref="ImplicitImports"/>) or a path that is not a plain relative
/// path inside the workspace (absolute, with "..", or in a .git folder). Kept sections are byte for byte as given; a patch
/// <see cref="PatchParser"/> cannot read exactly as git would is refused whole.
/// </summary>
public static class PatchFilter
{
    private static readonly PathGlob[] Implicit = [.. ImplicitImports.Globs.Select(g => new PathGlob(g))];

    public static FilteredPatch Apply(string patch, IEnumerable<string> protectedPaths, IEnumerable<string>? editablePaths = null)
    {
        IReadOnlyList<FileSection> sections;
        try
        {
            sections = PatchParser.Parse(patch);
        }
        catch (InvalidDataException ex)
        {
            return new FilteredPatch("", ["the whole patch (it does not parse)"], $"the patch does not parse: {ex.Message}");
        }

        var globs = protectedPaths.Select(p => new PathGlob(p)).Concat(Implicit).ToList();
        var editable = (editablePaths ?? []).Select(p => new PathGlob(p)).ToList();
        var kept = new StringBuilder();
        var dropped = new List<string>();
        foreach (var section in sections)
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

    private static string? Refusal(string path, List<PathGlob> protectedPaths, List<PathGlob> editable) =>
        !IsSafe(path) ? $"{path} (outside the workspace)"
        : PathGlob.AnyMatch(protectedPaths, path) ? $"{path} (protected)"
        : editable.Count > 0 && !PathGlob.AnyMatch(editable, path) ? $"{path} (not editable)"
        : null;

    private static bool IsSafe(string path) =>
        path.Length > 0 && !path.StartsWith('/') && !path.Contains('\\', StringComparison.Ordinal) && !path.Contains('\0', StringComparison.Ordinal)
        && path.Split('/').All(s => s is not ("" or "." or "..") && !s.Equals(".git", StringComparison.OrdinalIgnoreCase));
}
