using System.Diagnostics;
using System.Text;
using Dgm.Core.Harness;

namespace Dgm.Testing;

/// <summary>A task's gold solution with an attack written into it, so only the attack can make its grade unresolved.</summary>
public static class GoldVariant
{
    /// <summary>
    /// A whole-file patch of every file the gold patch changes, with <paramref name="find"/> replaced in
    /// <paramref name="path"/> (empty: put before it), made in <paramref name="folder"/> from the task's workspace files.
    /// </summary>
    public static async Task<string> PatchAsync(
        string folder, IReadOnlyDictionary<string, byte[]> workspace, string goldPatch, string path, string find, string replace)
    {
        foreach (var (relative, content) in workspace)
        {
            var file = Path.Combine(folder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllBytesAsync(file, content);
        }

        var gold = folder + ".gold.diff";
        await File.WriteAllTextAsync(gold, goldPatch);
        using (var git = Process.Start(new ProcessStartInfo("git", ["apply", gold]) { WorkingDirectory = folder })!)
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
            .Select(p => (Path: p, Before: workspace.TryGetValue(p, out var b) ? Encoding.UTF8.GetString(b) : null, After: (string?)File.ReadAllText(Path.Combine(folder, p))))
            .Where(f => f.Before != f.After)
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        return WholeFileDiff.Of(files);
    }

    /// <summary>The same for a task of the built-in starter suite, in a fresh folder under <paramref name="scratch"/>.</summary>
    public static Task<string> StarterPatchAsync(string scratch, string taskId, string path, string find, string replace)
    {
        var source = RepositoryRoot.Combine("benchmarks", "starter", "tasks", taskId);
        var workspace = Path.Combine(source, "workspace");
        var files = Directory.EnumerateFiles(workspace, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(workspace, f).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllBytes, StringComparer.Ordinal);
        return PatchAsync(Path.Combine(scratch, $"gold-{Guid.NewGuid():N}"), files, File.ReadAllText(Path.Combine(source, "gold.diff")), path, find, replace);
    }
}
