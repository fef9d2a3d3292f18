using System.Globalization;

namespace Dgm.Runner.Processes;

/// <summary>
/// Stops every process below the runner. The runner is a child subreaper, so nothing a step started can slip out from
/// under it by reparenting; it never touches a process that is not its descendant (tests run it outside a sandbox).
/// </summary>
internal static class Descendants
{
    /// <summary>Kills all descendants, again until none is left (one may fork while we walk), and reaps the orphans among them.</summary>
    public static void KillAll()
    {
        var self = Environment.ProcessId;
        for (var round = 0; round < 50; round++)
        {
            var (living, zombies) = Below(self);
            foreach (var pid in zombies)
            {
                Native.Reap(pid);
            }

            if (living.Count == 0)
            {
                return;
            }

            foreach (var pid in living)
            {
                Native.Kill(pid, Native.SigKill);
            }

            Thread.Sleep(10);
        }
    }

    /// <summary>CPU seconds of every living descendant, including what each already reaped from its own children.</summary>
    public static double CpuSeconds()
    {
        var self = Environment.ProcessId;
        var ticks = 0L;
        foreach (var pid in Below(self).Living)
        {
            ticks += Stat(pid)?.CpuTicks ?? 0;
        }

        // USER_HZ is 100 on every Linux the runner targets.
        return ticks / 100.0;
    }

    /// <summary>Living descendants of <paramref name="root"/>, and its direct children that are zombies.</summary>
    private static (List<int> Living, List<int> Zombies) Below(int root)
    {
        var children = new Dictionary<int, List<(int Pid, bool Zombie)>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || Stat(pid) is not { } stat)
            {
                continue;
            }

            if (!children.TryGetValue(stat.Parent, out var list))
            {
                children[stat.Parent] = list = [];
            }

            list.Add((pid, stat.Zombie));
        }

        var living = new List<int>();
        var zombies = children.GetValueOrDefault(root, []).Where(c => c.Zombie).Select(c => c.Pid).ToList();
        var pending = new Queue<int>([root]);
        while (pending.TryDequeue(out var parent))
        {
            foreach (var (pid, zombie) in children.GetValueOrDefault(parent, []))
            {
                if (!zombie)
                {
                    living.Add(pid);
                }

                pending.Enqueue(pid);
            }
        }

        return (living, zombies);
    }

    /// <summary>The parent, whether the process is a zombie, and its CPU ticks (utime, stime, cutime, cstime), from /proc/PID/stat (the name may hold spaces and parentheses).</summary>
    private static (int Parent, bool Zombie, long CpuTicks)? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = fields[11..15].Sum(f => long.Parse(f, CultureInfo.InvariantCulture));
            return (int.Parse(fields[1], CultureInfo.InvariantCulture), fields[0] == "Z", ticks);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
