using System.Globalization;
using System.Text;

namespace Dgm.Local.Sandbox;

/// <summary>Reading and writing cgroup control files, killing a cgroup's members and removing cgroups; shared by v1, v2 and cleanup.</summary>
internal static class CgroupFiles
{
    public static string Read(string path) => File.ReadAllText(path);

    public static long ReadLong(string path) => long.Parse(Read(path).Trim(), CultureInfo.InvariantCulture);

    /// <summary>The value of <paramref name="key"/> in a "key value" file (memory.stat, memory.events, pids.events, cpu.stat); 0 when absent.</summary>
    public static long ReadKeyed(string path, string key)
    {
        foreach (var line in File.ReadLines(path))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && line.AsSpan(0, space).SequenceEqual(key))
            {
                return long.Parse(line.AsSpan(space + 1), CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    public static void Write(string path, string value)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.Write(Encoding.ASCII.GetBytes(value));
    }

    public static void Write(string path, long value) => Write(path, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>SIGKILLs the members until none is left; a fork bomb is bounded by pids.max, so this converges.</summary>
    public static void KillMembers(string directory)
    {
        var procs = Path.Combine(directory, "cgroup.procs");
        for (var round = 0; round < 100; round++)
        {
            var members = Members(procs);
            if (members.Count == 0)
            {
                return;
            }

            foreach (var pid in members)
            {
                Libc.Kill(pid);
            }

            Thread.Sleep(round < 10 ? 1 : 10);
        }
    }

    /// <summary>Kills what is left in each cgroup and removes it, retrying while the killed processes finish exiting.</summary>
    public static void Remove(IEnumerable<string> directories)
    {
        foreach (var directory in directories.Where(Directory.Exists))
        {
            KillMembers(directory);
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    Directory.Delete(directory);
                    break;
                }
                catch (IOException) when (attempt < 200 && Directory.Exists(directory))
                {
                    Thread.Sleep(10);
                }
                catch (DirectoryNotFoundException)
                {
                    break;
                }
            }
        }
    }

    private static List<int> Members(string procsFile)
    {
        try
        {
            return File.ReadAllLines(procsFile).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToList();
        }
        catch (IOException)
        {
            // Gone (ENOENT) or being removed by a concurrent delete (ENODEV): no members either way.
            return [];
        }
    }
}
