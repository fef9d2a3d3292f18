using System.Globalization;

namespace Dgm.Local.Sandbox;

/// <summary>One process as /proc/[pid]/stat shows it.</summary>
internal sealed record ProcStat(int Pid, int ParentPid, int Threads, long CpuTicks, long StartTime);

/// <summary>Reads /proc: process identity (pid + start time survives pid reuse) and process trees for the watchdog.</summary>
internal static class ProcFs
{
    /// <summary>USER_HZ, the unit of /proc times: 100 on every Linux architecture .NET runs on.</summary>
    public const double TicksPerSecond = 100;

    public static ProcStat? Read(int pid)
    {
        try
        {
            return Parse(File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The process and all its descendants (children are re-parented inside the job's pid namespace, so none escape).</summary>
    public static List<ProcStat> Tree(int rootPid, long rootStartTime)
    {
        var all = new List<ProcStat>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Read(pid) is { } stat)
            {
                all.Add(stat);
            }
        }

        var children = all.ToLookup(p => p.ParentPid);
        var tree = all.Where(p => p.Pid == rootPid && p.StartTime == rootStartTime).ToList();
        for (var i = 0; i < tree.Count; i++)
        {
            tree.AddRange(children[tree[i].Pid]);
        }

        return tree;
    }

    /// <summary>Resident minus shared pages: the anonymous memory of the process (shared libraries counted once would otherwise count per process).</summary>
    public static long PrivateResidentBytes(int pid)
    {
        try
        {
            var fields = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/statm").Split(' ');
            var pages = long.Parse(fields[1], CultureInfo.InvariantCulture) - long.Parse(fields[2], CultureInfo.InvariantCulture);
            return Math.Max(0, pages) * Environment.SystemPageSize;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }

    private static ProcStat Parse(string stat)
    {
        // The command name (field 2) is in parentheses and may itself contain spaces and parentheses.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
        return new ProcStat(
            Pid: int.Parse(stat.AsSpan(0, stat.IndexOf(' ', StringComparison.Ordinal)), CultureInfo.InvariantCulture),
            ParentPid: (int)Field(4),
            Threads: (int)Field(20),
            // utime + stime + cutime + cstime: a live process's own time plus that of the children it reaped.
            CpuTicks: Field(14) + Field(15) + Field(16) + Field(17),
            StartTime: Field(22));
    }
}
