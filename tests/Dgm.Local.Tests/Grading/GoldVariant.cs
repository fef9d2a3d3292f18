using System.Diagnostics;
using Dgm.Core.Harness;
using Dgm.Testing;

namespace Dgm.Local.Tests.Grading;

/// <summary>A starter task's gold solution with an attack written into it, so only the attack can make the grade unresolved.</summary>
internal static class GoldVariant
{
    /// <summary>A whole-file patch, in <paramref name="scratch"/>, of the gold solution's files with <paramref name="find"/> replaced in <paramref name="path"/> (empty: put before it).</summary>
    public static async Task<string> PatchAsync(string scratch, string taskId, string path, string find, string replace)
    {
        var source = RepositoryRoot.Combine("benchmarks", "starter", "tasks", taskId);
        var folder = Path.Combine(scratch, $"gold-{Guid.NewGuid():N}");
        CopyTree(Path.Combine(source, "workspace"), folder);
        using (var git = Process.Start(new ProcessStartInfo("git", ["apply", Path.Combine(source, "gold.diff")]) { WorkingDirectory = folder })!)
        {
            await git.WaitForExitAsync();
            Assert.Equal(0, git.ExitCode);
        }

        var target = Path.Combine(folder, path);
        var current = await File.ReadAllTextAsync(target);
        var changed = find.Length == 0 ? replace + current : current.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(current, changed);
        await File.WriteAllTextAsync(target, changed);

        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Select(p => (Path: p, Before: ReadOrNull(Path.Combine(source, "workspace", p)), After: (string?)File.ReadAllText(Path.Combine(folder, p))))
            .Where(f => f.Before != f.After)
            .ToList();
        return WholeFileDiff.Of(files);
    }

    private static string? ReadOrNull(string path) => File.Exists(path) ? File.ReadAllText(path) : null;

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
