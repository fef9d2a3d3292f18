namespace Dgm.Local.Sandbox;

/// <summary>
/// cgroup v1: one hierarchy per controller; a job gets a child of our own cgroup in each of memory, pids, cpuacct
/// (and cpu when mounted, for the CPU quota).
/// </summary>
internal sealed class CgroupV1(string memory, string pids, string cpuacct, string? cpu) : CgroupHierarchy
{
    public static (CgroupHierarchy?, string) Detect(IReadOnlyList<CgroupMount> mounts, IReadOnlyList<string[]> memberships)
    {
        string? DirectoryOf(string controller) =>
            mounts.FirstOrDefault(m => !m.Unified && m.Controllers.Contains(controller)) is { } mount
            && memberships.FirstOrDefault(f => f[1].Split(',').Contains(controller)) is { } own
                ? mount.DirectoryOf(own[2])
                : null;

        var (memory, pids, cpuacct) = (DirectoryOf("memory"), DirectoryOf("pids"), DirectoryOf("cpuacct"));
        if (memory is null || pids is null || cpuacct is null)
        {
            return (null, "cgroup v1 lacks the pids or cpuacct controller");
        }

        var hierarchy = new CgroupV1(memory, pids, cpuacct, DirectoryOf("cpu"));
        var probe = hierarchy.For("dgm-probe-" + Guid.NewGuid().ToString("N"));
        try
        {
            foreach (var directory in probe.Directories)
            {
                Directory.CreateDirectory(directory);
            }

            return (hierarchy, "");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot create cgroups under {memory}: {ex.Message}");
        }
        finally
        {
            CgroupFiles.Remove(probe.Directories);
        }
    }

    public override JobCgroup For(string name) => new Job(
        Path.Combine(memory, name), Path.Combine(pids, name), Path.Combine(cpuacct, name), cpu is null ? null : Path.Combine(cpu, name));

    private sealed class Job(string memory, string pids, string cpuacct, string? cpu)
        : JobCgroup(new[] { memory, pids, cpuacct, cpu }.OfType<string>().Distinct(StringComparer.Ordinal).ToList())
    {
        public override void Create(CgroupLimits limits)
        {
            foreach (var directory in Directories)
            {
                Directory.CreateDirectory(directory);
            }

            CgroupFiles.Write(Path.Combine(memory, "memory.limit_in_bytes"), limits.MemoryBytes);
            var withSwap = Path.Combine(memory, "memory.memsw.limit_in_bytes");
            if (File.Exists(withSwap))
            {
                // Without this the job could page its way past the limit into swap.
                CgroupFiles.Write(withSwap, limits.MemoryBytes);
            }

            // The kernel would kill one process and let the rest run on; frozen at the limit instead, the whole job is stopped by the supervisor.
            CgroupFiles.Write(Path.Combine(memory, "memory.oom_control"), 1);
            CgroupFiles.Write(Path.Combine(pids, "pids.max"), limits.Tasks);
            if (cpu is not null)
            {
                CgroupFiles.Write(Path.Combine(cpu, "cpu.cfs_period_us"), 100_000);
                CgroupFiles.Write(Path.Combine(cpu, "cpu.cfs_quota_us"), Math.Max(1_000, (long)(limits.Cpus * 100_000)));
            }
        }

        public override ResourceSample Sample() => new(
            MemoryBytes: CgroupFiles.ReadKeyed(Path.Combine(memory, "memory.stat"), "total_rss"),
            PeakMemoryBytes: CgroupFiles.ReadLong(Path.Combine(memory, "memory.max_usage_in_bytes")),
            Tasks: (int)CgroupFiles.ReadLong(Path.Combine(pids, "pids.current")),
            CpuSeconds: CgroupFiles.ReadLong(Path.Combine(cpuacct, "cpuacct.usage")) / 1e9,
            OomKilled: CgroupFiles.ReadKeyed(Path.Combine(memory, "memory.oom_control"), "under_oom") > 0
                || CgroupFiles.ReadKeyed(Path.Combine(memory, "memory.oom_control"), "oom_kill") > 0,
            ProcessLimitHit: CgroupFiles.ReadKeyed(Path.Combine(pids, "pids.events"), "max") > 0);

        public override void KillAll() => CgroupFiles.KillMembers(pids);
    }
}
