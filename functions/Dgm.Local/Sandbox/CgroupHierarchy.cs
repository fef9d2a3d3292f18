namespace Dgm.Local.Sandbox;

/// <summary>What a job's cgroup enforces: a hard memory ceiling, tasks (fork fails past it) and a CPU quota.</summary>
internal sealed record CgroupLimits(long MemoryBytes, int Tasks, double Cpus);

/// <summary>A job's cgroup: its directories (one per v1 hierarchy, one in v2), which the launcher joins and cleanup removes.</summary>
internal abstract class JobCgroup(IReadOnlyList<string> directories) : IJobMeter
{
    public IReadOnlyList<string> Directories { get; } = directories;

    public IReadOnlyList<string> ProcsFiles => Directories.Select(d => Path.Combine(d, "cgroup.procs")).ToList();

    public abstract void Create(CgroupLimits limits);

    public abstract ResourceSample Sample();

    public abstract void KillAll();
}

/// <summary>The cgroups of this host, v1 or v2, under the cgroup our own process sits in.</summary>
internal abstract class CgroupHierarchy
{
    private static readonly Lazy<(CgroupHierarchy? Hierarchy, string Problem)> Host = new(Detect);

    /// <summary>The cgroup for a job named <paramref name="name"/>, not created yet (so its directories can be recorded first).</summary>
    public abstract JobCgroup For(string name);

    /// <summary>This host's hierarchy, or null and why not; detected once per process.</summary>
    public static (CgroupHierarchy? Hierarchy, string Problem) OfHost() => Host.Value;

    private static (CgroupHierarchy?, string) Detect()
    {
        try
        {
            var mounts = File.ReadAllLines("/proc/self/mountinfo").Select(CgroupMount.Parse).OfType<CgroupMount>().ToList();
            var memberships = File.ReadAllLines("/proc/self/cgroup").Select(l => l.Split(':', 3)).Where(f => f.Length == 3).ToList();
            if (mounts.Any(m => !m.Unified && m.Controllers.Contains("memory")))
            {
                return CgroupV1.Detect(mounts, memberships);
            }

            return mounts.FirstOrDefault(m => m.Unified) is { } unified && memberships.FirstOrDefault(f => f[0] == "0") is { } own
                ? CgroupV2.Detect(unified, own[2])
                : (null, "no cgroup file system is mounted");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, ex.Message);
        }
    }
}

/// <summary>A cgroup file system from /proc/self/mountinfo.</summary>
internal sealed record CgroupMount(string Root, string MountPoint, bool Unified, IReadOnlySet<string> Controllers)
{
    public static CgroupMount? Parse(string line)
    {
        var fields = line.Split(' ');
        var separator = Array.IndexOf(fields, "-");
        if (separator < 0 || fields.Length < separator + 4 || fields[separator + 1] is not ("cgroup" or "cgroup2"))
        {
            return null;
        }

        return new CgroupMount(
            Unescape(fields[3]),
            Unescape(fields[4]),
            fields[separator + 1] == "cgroup2",
            fields[separator + 3].Split(',').ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>The directory of cgroup <paramref name="path"/> (as /proc/self/cgroup names it) under this mount.</summary>
    public string DirectoryOf(string path)
    {
        var relative = Root == "/" ? path : path.StartsWith(Root, StringComparison.Ordinal) ? path[Root.Length..] : path;
        return MountPoint + (relative == "/" ? "" : relative);
    }

    // mountinfo escapes space, tab, newline and backslash as octal.
    private static string Unescape(string field) =>
        field.Replace("\\040", " ", StringComparison.Ordinal).Replace("\\011", "\t", StringComparison.Ordinal)
            .Replace("\\012", "\n", StringComparison.Ordinal).Replace("\\134", "\\", StringComparison.Ordinal);
}
