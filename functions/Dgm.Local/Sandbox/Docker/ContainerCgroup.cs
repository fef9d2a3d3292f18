namespace Dgm.Local.Sandbox.Docker;

/// <summary>
/// The host side of a local container's cgroup, found through its first process. The Engine's stats carry the task
/// count but not whether a fork was refused at the limit, which only <c>pids.events</c> tells.
/// </summary>
internal static class ContainerCgroup
{
    /// <summary>The pids.events file of the cgroup process <paramref name="pid"/> is in; null when it cannot be found (then the task count decides).</summary>
    public static string? PidsEvents(long pid)
    {
        try
        {
            var mounts = File.ReadAllLines("/proc/self/mountinfo").Select(CgroupMount.Parse).OfType<CgroupMount>().ToList();
            foreach (var fields in File.ReadAllLines($"/proc/{pid}/cgroup").Select(l => l.Split(':', 3)).Where(f => f.Length == 3))
            {
                var mount = fields[0] == "0"
                    ? mounts.FirstOrDefault(m => m.Unified)
                    : fields[1].Split(',').Contains("pids") ? mounts.FirstOrDefault(m => !m.Unified && m.Controllers.Contains("pids")) : null;
                if (mount is not null && Path.Combine(mount.DirectoryOf(fields[2]), "pids.events") is var events && File.Exists(events))
                {
                    return events;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The container already exited, or /proc is not ours to read.
        }

        return null;
    }
}
