using Dgm.Jobs;
using Dgm.Jobs.Files;

namespace Dgm.Local.Sandbox;

/// <summary>One step in building the sandbox's file system; both isolations translate the same plan.</summary>
internal abstract record MountStep;

internal sealed record ReadOnlyBind(string Source, string Target) : MountStep;

internal sealed record WritableBind(string Source, string Target) : MountStep;

internal sealed record Symlink(string LinkTarget, string Path) : MountStep;

internal sealed record HideFile(string Path) : MountStep;

internal sealed record HideDirectory(string Path) : MountStep;

internal sealed record ProcMount(string Path) : MountStep;

/// <summary>A minimal /dev (null, zero, full, random, urandom, tty, pts) with a size-limited /dev/shm; read-only otherwise.</summary>
internal sealed record DevMount(string Path, long ShmBytes) : MountStep;

internal sealed record SizedTmpfs(string Path, long Bytes) : MountStep;

/// <summary>
/// The sandbox's file system: an empty read-only root with the system and toolchain paths bound read-only, secrets
/// hidden, a fresh /proc whose kernel knobs are read-only (uid 0 without capabilities may still write most of
/// /proc/sys), a minimal /dev, a size-limited /tmp, the job root and home as the only writable places, and the
/// gateway socket when the job may reach the model.
/// </summary>
internal static class MountPlan
{
    /// <summary>Writable for uid 0 even without capabilities; made read-only as Docker does.</summary>
    private static readonly string[] ProcReadOnly = ["/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus", "/proc/fs"];

    public static IReadOnlyList<MountStep> For(LocalSandboxOptions options, JobLayout layout, long tmpBytes, string? gatewaySocket)
    {
        var steps = new List<MountStep>();
        var bound = new List<string>();
        foreach (var path in options.ReadOnlyPaths.Select(Path.TrimEndingDirectorySeparator).Distinct(StringComparer.Ordinal))
        {
            var stat = FileStat.Lstat(path);
            if (stat is null || bound.Any(b => Within(path, b)))
            {
                continue;
            }

            if (stat.Kind == FileKind.Symlink)
            {
                steps.Add(new Symlink(new FileInfo(path).LinkTarget!, path));
            }
            else
            {
                steps.Add(new ReadOnlyBind(path, path));
                bound.Add(path);
            }
        }

        var hidden = options.HiddenPaths.Select(Path.TrimEndingDirectorySeparator).Distinct(StringComparer.Ordinal).Where(p => bound.Any(b => Within(p, b))).ToList();
        // A path inside a folder that is hidden anyway needs no mount of its own (and would have nothing to mount on).
        foreach (var path in hidden.Where(p => !hidden.Any(h => h != p && Within(p, h) && FileStat.Lstat(h)?.Kind == FileKind.Directory)))
        {
            switch (FileStat.Lstat(path)?.Kind)
            {
                case FileKind.Directory:
                    steps.Add(new HideDirectory(path));
                    break;
                case FileKind.Regular or FileKind.Other:
                    steps.Add(new HideFile(path));
                    break;
            }
        }

        steps.Add(new ProcMount("/proc"));
        steps.AddRange(ProcReadOnly.Where(Path.Exists).Select(p => new ReadOnlyBind(p, p)));
        steps.Add(new DevMount("/dev", tmpBytes));
        steps.Add(new SizedTmpfs("/tmp", tmpBytes));
        if (File.Exists(options.RunnerPath))
        {
            steps.Add(new ReadOnlyBind(Path.GetFullPath(options.RunnerPath), JobPaths.Runner));
        }

        if (Directory.Exists(options.ToolsPath))
        {
            steps.Add(new ReadOnlyBind(Path.GetFullPath(options.ToolsPath), JobPaths.Tools));
        }

        steps.Add(new WritableBind(layout.Work, JobLayout.SandboxJob));
        steps.Add(new WritableBind(layout.Home, JobLayout.SandboxHome));
        if (gatewaySocket is not null)
        {
            steps.Add(new ReadOnlyBind(gatewaySocket, JobLayout.SandboxGatewaySocket));
        }

        return steps;
    }

    private static bool Within(string path, string directory) =>
        path == directory || path.StartsWith(directory.TrimEnd('/') + "/", StringComparison.Ordinal);
}
