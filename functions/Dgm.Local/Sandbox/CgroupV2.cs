namespace Dgm.Local.Sandbox;

/// <summary>
/// cgroup v2 (unified, delegated to us): jobs are children of our cgroup. A cgroup with processes cannot hand
/// controllers to children, so unless we are at the root we first move our own process into a
/// <c>dgm-supervisor</c> leaf; if other processes share our cgroup we give up rather than move them.
/// </summary>
internal sealed class CgroupV2(string parent, bool cpu) : CgroupHierarchy
{
    private const string SupervisorLeaf = "dgm-supervisor";

    public static (CgroupHierarchy?, string) Detect(CgroupMount unified, string ownPath)
    {
        // A second detection in a process that already moved itself finds itself in the leaf.
        var own = ownPath.EndsWith("/" + SupervisorLeaf, StringComparison.Ordinal) ? ownPath[..^(SupervisorLeaf.Length + 1)] : ownPath;
        var parent = unified.DirectoryOf(own.Length == 0 ? "/" : own);
        try
        {
            var available = CgroupFiles.Read(Path.Combine(parent, "cgroup.controllers")).Split(' ', StringSplitOptions.TrimEntries);
            if (!available.Contains("memory") || !available.Contains("pids"))
            {
                return (null, $"cgroup v2 at {parent} does not delegate the memory and pids controllers");
            }

            var cpu = available.Contains("cpu");
            var enabled = CgroupFiles.Read(Path.Combine(parent, "cgroup.subtree_control")).Split(' ', StringSplitOptions.TrimEntries);
            if (!enabled.Contains("memory") || !enabled.Contains("pids") || (cpu && !enabled.Contains("cpu")))
            {
                if (own is not ("" or "/"))
                {
                    var leaf = Path.Combine(parent, SupervisorLeaf);
                    Directory.CreateDirectory(leaf);
                    CgroupFiles.Write(Path.Combine(leaf, "cgroup.procs"), Environment.ProcessId);
                }

                CgroupFiles.Write(Path.Combine(parent, "cgroup.subtree_control"), cpu ? "+memory +pids +cpu" : "+memory +pids");
            }

            return (new CgroupV2(parent, cpu), "");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot delegate cgroup v2 controllers at {parent}: {ex.Message}");
        }
    }

    public override JobCgroup For(string name) => new Job(Path.Combine(parent, name), cpu);

    private sealed class Job(string directory, bool cpu) : JobCgroup([directory])
    {
        private long _peak;

        public override void Create(CgroupLimits limits)
        {
            Directory.CreateDirectory(directory);
            CgroupFiles.Write(File("memory.max"), limits.MemoryBytes);
            if (System.IO.File.Exists(File("memory.swap.max")))
            {
                CgroupFiles.Write(File("memory.swap.max"), 0);
            }

            // On OOM the kernel kills the whole job rather than one process of it (Linux 4.19).
            if (System.IO.File.Exists(File("memory.oom.group")))
            {
                CgroupFiles.Write(File("memory.oom.group"), 1);
            }

            CgroupFiles.Write(File("pids.max"), limits.Tasks);
            if (cpu)
            {
                CgroupFiles.Write(File("cpu.max"), $"{Math.Max(1_000, (long)(limits.Cpus * 100_000))} 100000");
            }
        }

        public override ResourceSample Sample()
        {
            // memory.peak exists from Linux 5.19; before that the highest reading is the best we have.
            _peak = Math.Max(_peak, System.IO.File.Exists(File("memory.peak")) ? CgroupFiles.ReadLong(File("memory.peak")) : CgroupFiles.ReadLong(File("memory.current")));
            return new ResourceSample(
                MemoryBytes: CgroupFiles.ReadKeyed(File("memory.stat"), "anon"),
                PeakMemoryBytes: _peak,
                Tasks: (int)CgroupFiles.ReadLong(File("pids.current")),
                CpuSeconds: CgroupFiles.ReadKeyed(File("cpu.stat"), "usage_usec") / 1e6,
                OomKilled: CgroupFiles.ReadKeyed(File("memory.events"), "oom_kill") > 0,
                ProcessLimitHit: CgroupFiles.ReadKeyed(File("pids.events"), "max") > 0);
        }

        public override void KillAll()
        {
            // cgroup.kill (Linux 5.14) kills atomically, forks in flight included.
            try
            {
                CgroupFiles.Write(File("cgroup.kill"), 1);
            }
            catch (IOException)
            {
                // Before Linux 5.14, or the cgroup is already being removed: the loop below does the work.
            }

            CgroupFiles.KillMembers(directory);
        }

        private string File(string name) => Path.Combine(directory, name);
    }
}
