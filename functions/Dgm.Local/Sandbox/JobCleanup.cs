using Dgm.Jobs.Files;
namespace Dgm.Local.Sandbox;

/// <summary>
/// Removes everything a job left, whoever started it and however it ended: kills its process tree (by cgroup, and
/// by pid when the recorded start time proves it is still the same process), removes its cgroups, unmounts its
/// tmpfs and deletes its directory. Idempotent; a missing or partial state file is fine.
/// </summary>
internal static class JobCleanup
{
    public static void Run(JobLayout layout)
    {
        if (!Directory.Exists(layout.Directory))
        {
            return;
        }

        Release(layout);
        DeleteTree(layout.Directory);
        TryDeleteEmpty(Path.GetDirectoryName(layout.Directory)!);
    }

    /// <summary>Kills the job and gives back its kernel resources (cgroups, tmpfs) but keeps its directory and state for a later delete.</summary>
    public static void Release(JobLayout layout)
    {
        var state = JobState.Read(layout);
        if (state is { Pid: { } pid, PidStartTime: { } startTime } && ProcFs.Read(pid)?.StartTime == startTime)
        {
            // The isolation process's death takes its pid namespace down (die-with-parent / kill-child).
            new ProcessTreeMeter(pid, startTime).KillAll();
        }

        CgroupFiles.Remove(state?.Cgroups ?? []);
        if (IsMountPoint(layout.Writable))
        {
            Libc.Unmount(layout.Writable);
        }
    }

    /// <summary>Our tmpfs is a file system of its own, so its device differs from the job directory's.</summary>
    private static bool IsMountPoint(string path) =>
        FileStat.Lstat(path) is { Kind: FileKind.Directory } inner && FileStat.Lstat(Path.GetDirectoryName(path)!) is { } outer && inner.Device != outer.Device;

    private static void DeleteTree(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (UnauthorizedAccessException)
        {
            // Unprivileged, a directory the job made read-only (Go's module cache does) cannot be emptied until it is writable again.
            foreach (var (path, _) in TreeWalk.Below(directory).Where(e => e.Stat.Kind == FileKind.Directory))
            {
                File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            Directory.Delete(directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static void TryDeleteEmpty(string directory)
    {
        try
        {
            Directory.Delete(directory);
        }
        catch (IOException)
        {
            // Other jobs of the run are still there.
        }
    }
}
