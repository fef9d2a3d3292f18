using Dgm.Core.Sandbox;

namespace Dgm.Local.Tests.Sandbox;

/// <summary>
/// The fallback for hosts without cgroups or the right to mount: limits held by the /proc and disk watchdogs plus
/// rlimits, and the result says so. The loads here are gentle (no real fork bomb), since nothing but the watchdog stands between them and the host.
/// </summary>
public sealed class SandboxWatchdogTests
{
    public static TheoryData<string> Isolations => SandboxHarness.Isolations;

    private static SandboxHarness Harness(string isolation) => new(isolation, cgroups: false, diskTmpfs: false);

    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task The_result_says_the_limits_were_held_by_the_watchdog(string isolation)
    {
        await using var harness = Harness(isolation);

        var result = await harness.RunAsync(harness.Job("true"));

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal($"{isolation} (no cgroups, disabled by the options: memory, processes and CPU time by watchdog; disk by watchdog)", result.Isolation);
    }

    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task A_hanging_tree_is_killed_at_the_deadline_without_cgroups(string isolation)
    {
        await using var harness = Harness(isolation);
        var marker = SandboxLimitTests.Marker();

        var result = await harness.RunAsync(harness.Job($"trap '' TERM; sleep {marker} & (sleep {marker} &) ; sleep {marker}", SandboxHarness.Limits(wallSeconds: 1)));

        Assert.Equal(LimitHit.WallTime, result.LimitsHit);
        Assert.InRange(result.Usage.WallSeconds, 1.0, 2.0);
        Assert.Empty(SandboxHarness.ProcessesWith(marker));
    }

    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task Too_many_processes_are_stopped_and_reported(string isolation)
    {
        await using var harness = Harness(isolation);
        var marker = SandboxLimitTests.Marker();

        var result = await harness.RunAsync(harness.Job($"for i in $(seq 60); do sleep {marker} & sleep 0.01; done; wait", SandboxHarness.Limits(processes: 20)));

        Assert.Equal(LimitHit.Processes, result.LimitsHit);
        Assert.Null(result.ExitCode);
        Assert.Empty(SandboxHarness.ProcessesWith(marker));
    }

    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task A_memory_hog_is_stopped_and_reported(string isolation)
    {
        await using var harness = Harness(isolation);

        var result = await harness.RunAsync(harness.Job(
            "python3 -c 'import time; b = bytearray(256 * 2**20); time.sleep(30)'", SandboxHarness.Limits(memoryMb: 64)));

        Assert.Equal(LimitHit.Memory, result.LimitsHit);
        Assert.True(result.Usage.PeakMemoryBytes > 64L << 20, $"peak {result.Usage.PeakMemoryBytes}");
        Assert.True(result.Usage.WallSeconds < 10);
    }

    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task A_disk_filler_is_stopped_and_reported(string isolation)
    {
        await using var harness = Harness(isolation);

        var result = await harness.RunAsync(harness.Job("dd if=/dev/zero of=fill bs=1M count=200; sleep 10", SandboxHarness.Limits(diskMb: 16)));

        Assert.Equal(LimitHit.Disk, result.LimitsHit);
        Assert.True(result.Usage.WallSeconds < 5);
    }

    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task A_cpu_hog_is_stopped_at_its_cpu_time(string isolation)
    {
        await using var harness = Harness(isolation);

        var result = await harness.RunAsync(harness.Job("while :; do :; done", SandboxHarness.Limits(wallSeconds: 15, cpuSeconds: 1)));

        Assert.Equal(LimitHit.CpuTime, result.LimitsHit);
        Assert.InRange(result.Usage.CpuSeconds, 1.0, 2.0);
    }
}
