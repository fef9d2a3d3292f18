using System.Text;

namespace Dgm.Core.Harness;

/// <summary>
/// A git-style diff that replaces whole files (one hunk per file): enough for gold patches built from an
/// example solution, and applied by <c>git apply</c> like any other diff.
/// </summary>
public static class WholeFileDiff
{
    public static string Of(IEnumerable<(string Path, string? Before, string? After)> files)
    {
        var diff = new StringBuilder();
        foreach (var (path, before, after) in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            if (before == after)
            {
                continue;
            }

            var old = Lines(before);
            var @new = Lines(after);
            diff.Append($"diff --git a/{path} b/{path}\n");
            if (before is null)
            {
                diff.Append("new file mode 100644\n");
            }
            else if (after is null)
            {
                diff.Append("deleted file mode 100644\n");
            }

            diff.Append(before is null ? "--- /dev/null\n" : $"--- a/{path}\n");
            diff.Append(after is null ? "+++ /dev/null\n" : $"+++ b/{path}\n");
            diff.Append($"@@ -{Range(old.Count)} +{Range(@new.Count)} @@\n");
            AppendLines(diff, '-', old, before);
            AppendLines(diff, '+', @new, after);
        }

        return diff.ToString();
    }

    private static string Range(int count) => count == 0 ? "0,0" : $"1,{count}";

    /// <summary>The file's lines exactly (a carriage return stays part of its line, as git sees it).</summary>
    private static List<string> Lines(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var lines = text.Split('\n').ToList();
        if (text.EndsWith('\n'))
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    private static void AppendLines(StringBuilder diff, char sign, List<string> lines, string? text)
    {
        foreach (var line in lines)
        {
            diff.Append(sign).Append(line).Append('\n');
        }

        if (lines.Count > 0 && !text!.EndsWith('\n'))
        {
            diff.Append("\\ No newline at end of file\n");
        }
    }
}
