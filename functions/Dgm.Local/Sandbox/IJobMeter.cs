namespace Dgm.Local.Sandbox;

/// <summary>
/// One reading of a job's resource use. <see cref="MemoryBytes"/> is anonymous memory (what the job itself
/// allocated; page cache and tmpfs files are not in it), the figure the memory limit is checked against.
/// <see cref="OomKilled"/> means the cgroup's hard limit was reached (a process was OOM-killed or, on v1, the job is frozen waiting for memory).
/// </summary>
internal sealed record ResourceSample(long MemoryBytes, long PeakMemoryBytes, int Tasks, double CpuSeconds, bool OomKilled, bool ProcessLimitHit);

/// <summary>Measures and kills every process of one job: a cgroup, or the process tree found in /proc.</summary>
internal interface IJobMeter
{
    ResourceSample Sample();

    /// <summary>SIGKILLs every process of the job (idempotent).</summary>
    void KillAll();
}
