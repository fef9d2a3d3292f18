namespace Dgm.Local.Sandbox;

/// <summary>
/// The watchdog without cgroups: the job is the isolation process and its descendants. Memory is the sum of their
/// private resident memory, tasks the sum of their threads (as cgroup pids.max counts), CPU the sum of their own
/// and reaped children's times, which over a tree counts every process once. Polling cannot stop a burst between
/// two samples; cgroups can.
/// </summary>
internal sealed class ProcessTreeMeter(int rootPid, long rootStartTime) : IJobMeter
{
    private long _peakMemory;
    private double _cpuSeconds;

    public ResourceSample Sample()
    {
        var tree = Tree();
        var memory = tree.Sum(p => ProcFs.PrivateResidentBytes(p.Pid));
        _peakMemory = Math.Max(_peakMemory, memory);
        // Once processes are reaped by a parent outside the tree their time is gone from /proc; keep the highest reading.
        _cpuSeconds = Math.Max(_cpuSeconds, tree.Sum(p => p.CpuTicks) / ProcFs.TicksPerSecond);
        return new ResourceSample(memory, _peakMemory, tree.Sum(p => p.Threads), _cpuSeconds, OomKilled: false, ProcessLimitHit: false);
    }

    public void KillAll()
    {
        // The root first: its death takes the whole pid namespace down; the rest is for processes caught mid-fork.
        foreach (var process in Tree())
        {
            Libc.Kill(process.Pid);
        }
    }

    /// <summary>Empty once the root is gone, even if its pid was reused.</summary>
    private List<ProcStat> Tree() => ProcFs.Tree(rootPid, rootStartTime);
}
