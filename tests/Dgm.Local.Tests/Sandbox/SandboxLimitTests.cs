using System.Diagnostics;
using Dgm.Core.Sandbox;

namespace Dgm.Local.Tests.Sandbox;

/// <summary>
/// Every limit is enforced, not advisory: with cgroups and a tmpfs disk (the default on a privileged host), on both
/// isolation paths. They time kills to the second and watch the host's free disk, so they run alone, after the
/// collections that run in parallel (the Docker tests build a 4 GB image meanwhile).
/// </summary>
[Collection(Name)]
public sealed class SandboxLimitTests
{
    public const string Name = "Sandbox limits, alone";

    public static TheoryData<string, string> HangingJobs => new()
    {
        { "bubblewrap", "sleep forever" },
        { "unshare", "sleep forever" },
        { "bubblewrap", "test that hangs" },
        { "unshare", "test that hangs" },
    };

    public static TheoryData<string> Isolations => SandboxHarness.Isolations;

    [Theory]
    [MemberData(nameof(HangingJobs))]
    public async Task A_hanging_job_is_killed_within_a_second_of_its_wall_limit_with_its_whole_tree(string isolation, string kind)
    {
        await using var harness = new SandboxHarness(isolation);
        var marker = Marker();
        var script = kind == "sleep forever"
            ? $"exec sleep {marker}"
            // Background children that ignore SIGTERM, a subshell and a busy loop: what a stuck test runner looks like.
            : $"trap '' TERM; (trap '' TERM; sleep {marker}) & sleep {marker} & while :; do sleep {marker} & sleep 0.05; done";
        var clock = Stopwatch.StartNew();

        var result = await harness.RunAsync(harness.Job(script, SandboxHarness.Limits(wallSeconds: 1)));

        Assert.True(result.TimedOut);
        Assert.Equal(LimitHit.WallTime, result.LimitsHit);
        Assert.Null(result.ExitCode);
        Assert.InRange(result.Usage.WallSeconds, 1.0, 2.0);
        Assert.InRange(clock.Elapsed.TotalSeconds, 1.0, 3.0);
        Assert.Empty(SandboxHarness.ProcessesWith(marker));
    }

    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task A_fork_bomb_is_contained_and_reported_and_the_host_still_forks(string isolation)
    {
        await using var harness = new SandboxHarness(isolation);

        var result = await harness.RunAsync(harness.Job("bomb() { bomb | bomb & }; bomb; sleep 10", SandboxHarness.Limits(wallSeconds: 15, processes: 48)));

        Assert.True(result.LimitsHit.HasFlag(LimitHit.Processes), $"{result.LimitsHit}: {result.Output}");
        Assert.Null(result.ExitCode);
        Assert.True(result.Usage.WallSeconds < 10, "stopped at the limit, not at the deadline");
        using var probe = Process.Start(new ProcessStartInfo("/bin/true"))!;
        await probe.WaitForExitAsync();
        Assert.Equal(0, probe.ExitCode);
    }

    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task A_memory_hog_is_stopped_and_reported(string isolation)
    {
        await using var harness = new SandboxHarness(isolation);

        // 512 MB of anonymous memory, touched page by page, against a 64 MB limit.
        var result = await harness.RunAsync(harness.Job("dd if=/dev/zero of=/dev/null bs=512M count=1; echo survived", SandboxHarness.Limits(memoryMb: 64)));

        Assert.Equal(LimitHit.Memory, result.LimitsHit);
        Assert.Null(result.ExitCode);
        Assert.DoesNotContain("survived", result.Output, StringComparison.Ordinal);
        Assert.True(result.Usage.PeakMemoryBytes > 32L << 20, $"peak {result.Usage.PeakMemoryBytes}");
    }

    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task A_disk_filler_is_stopped_at_its_size_and_the_host_disk_is_untouched(string isolation)
    {
        await using var harness = new SandboxHarness(isolation);
        var freeBefore = new DriveInfo(harness.Root).AvailableFreeSpace;

        var result = await harness.RunAsync(harness.Job("dd if=/dev/zero of=fill bs=1M count=200; sleep 10", SandboxHarness.Limits(diskMb: 16)));

        Assert.Equal(LimitHit.Disk, result.LimitsHit);
        Assert.Null(result.ExitCode);
        // dd never finished its 200 MB; whether it printed "No space left on device" first races with the watchdog's kill.
        Assert.DoesNotContain("200+0 records out", result.Output, StringComparison.Ordinal);
        Assert.True(result.Usage.WallSeconds < 5, "stopped when full, not at the deadline");
        Assert.True(new DriveInfo(harness.Root).AvailableFreeSpace > freeBefore - (16L << 20) - (64L << 20), "the host disk lost no more than the limit");
    }

    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task A_cpu_hog_is_stopped_at_its_cpu_time(string isolation)
    {
        await using var harness = new SandboxHarness(isolation);

        var result = await harness.RunAsync(harness.Job("while :; do :; done", SandboxHarness.Limits(wallSeconds: 15, cpuSeconds: 1)));

        Assert.Equal(LimitHit.CpuTime, result.LimitsHit);
        Assert.Null(result.ExitCode);
        Assert.InRange(result.Usage.CpuSeconds, 1.0, 2.0);
    }

    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task Output_past_the_limit_keeps_head_and_tail_and_is_not_a_failure(string isolation)
    {
        await using var harness = new SandboxHarness(isolation);

        var result = await harness.RunAsync(harness.Job(
            "echo FIRST; head -c 300000 /dev/zero | tr '\\0' a; echo; echo LAST >&2", SandboxHarness.Limits(outputBytes: 1000)));

        Assert.True(result.Succeeded, result.Error);
        Assert.True(result.OutputTruncated);
        Assert.Equal(LimitHit.None, result.LimitsHit);
        Assert.StartsWith("FIRST\naaa", result.Output, StringComparison.Ordinal);
        Assert.EndsWith("aaa\nLAST\n", result.Output, StringComparison.Ordinal);
        Assert.Contains("bytes omitted", result.Output, StringComparison.Ordinal);
        Assert.InRange(result.Output.Length, 900, 1000);
    }

    internal static string Marker() => $"{Random.Shared.Next(100_000, 999_999)}.{Random.Shared.Next(100, 999)}";
}

[CollectionDefinition(SandboxLimitTests.Name, DisableParallelization = true)]
public sealed class SandboxLimitTestsAlone;
