using Dgm.Core.Sandbox;

namespace Dgm.Local.Sandbox;

/// <summary>Which of a job's limits one reading of its usage (and its disk) shows crossed; every supervisor asks the same question.</summary>
internal static class LimitCheck
{
    public static LimitHit Exceeded(ResourceSample sample, SandboxLimits limits, DiskLimit disk, bool finalCheck)
    {
        var hit = LimitHit.None;
        if (sample.OomKilled || sample.MemoryBytes > limits.MemoryMb * 1024L * 1024)
        {
            hit |= LimitHit.Memory;
        }

        if (sample.ProcessLimitHit || sample.Tasks > limits.Processes)
        {
            hit |= LimitHit.Processes;
        }

        if (sample.CpuSeconds > limits.CpuSeconds)
        {
            hit |= LimitHit.CpuTime;
        }

        if (disk.Exceeded(finalCheck))
        {
            hit |= LimitHit.Disk;
        }

        return hit;
    }
}
