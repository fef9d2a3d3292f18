using System.Diagnostics;
using Dgm.Core.Sandbox;
using Dgm.Local.Sandbox;

namespace Dgm.Local.Tests.Sandbox;

public sealed class SandboxLifecycleTests
{
    public static TheoryData<string> Isolations => SandboxHarness.Isolations;

    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task A_command_runs_and_reports_exit_code_combined_output_and_usage(string isolation)
    {
        await using var harness = new SandboxHarness(isolation);

        var result = await harness.RunAsync(harness.Job("echo out; echo err >&2; exit 3"));

        Assert.Equal(isolation, result.Isolation);
        Assert.True(result.Error is null, result.Error);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal(LimitHit.None, result.LimitsHit);
        Assert.False(result.OutputTruncated);
        Assert.Equal("out\nerr\n", result.Output);
        Assert.InRange(result.Usage.WallSeconds, 0.001, 10);
        Assert.True(result.Usage.CpuSeconds > 0, "CPU time is measured");
        Assert.True(result.Usage.PeakMemoryBytes > 0, "peak memory is measured");
    }

    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task Poll_reports_running_then_exited_and_collect_waits_for_the_end(string isolation)
    {
        await using var harness = new SandboxHarness(isolation);
        var handle = await harness.Sandbox.StartAsync(harness.Job("sleep 0.5; echo done"));

        Assert.Equal(SandboxJobState.Running, await harness.Sandbox.PollAsync(handle));
        var result = await harness.Sandbox.CollectAsync(handle);
        Assert.Equal(SandboxJobState.Exited, await harness.Sandbox.PollAsync(handle));
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("done\n", result.Output);
        await harness.Sandbox.DeleteAsync(handle);
    }

    [Fact]
    public async Task A_job_that_needs_a_container_image_is_refused()
    {
        await using var harness = new SandboxHarness("bubblewrap");
        var job = harness.Job("true") with { Image = "swebench/sweb.eval.x86_64.django__django-11099" };

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => harness.Sandbox.StartAsync(job));

        Assert.Contains("swebench/sweb.eval.x86_64.django__django-11099", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot run container tasks", error.Message, StringComparison.Ordinal);
        Assert.Empty(await harness.Sandbox.ListAsync(SandboxHarness.Run));
    }

    [Theory]
    [InlineData("input", "../escape")]
    [InlineData("input", "/etc/cron.d/x")]
    [InlineData("input", "a/../../escape")]
    [InlineData("output", "../../store/x")]
    [InlineData("output", "/etc/shadow")]
    [InlineData("workdir", "..")]
    [InlineData("workdir", "/tmp")]
    public async Task Paths_outside_the_job_root_are_refused(string where, string path)
    {
        await using var harness = new SandboxHarness("bubblewrap");
        await harness.Store.PutAsync("in/x", "x"u8.ToArray());
        var job = harness.Job("true");
        job = where switch
        {
            "input" => job with { Inputs = [new SandboxInput("in/x", path, Unpack: false)] },
            "output" => job with { Outputs = [new SandboxOutput(path, "out/x", Pack: false)] },
            _ => job with { WorkingDirectory = path },
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => harness.Sandbox.StartAsync(job));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Empty(await harness.Sandbox.ListAsync(SandboxHarness.Run));
    }

    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task An_archive_entry_that_climbs_out_of_the_job_root_is_refused_and_nothing_is_left(string isolation)
    {
        await using var harness = new SandboxHarness(isolation);
        await harness.Store.PutAsync("in/evil.tar.gz", SandboxHarness.TarGz(("ok.txt", "fine"), ("../../../evil.txt", "pwned")));
        var job = harness.Job("true") with { Inputs = [new SandboxInput("in/evil.tar.gz", "src", Unpack: true)] };

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => harness.Sandbox.StartAsync(job));

        Assert.Contains("../../../evil.txt", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Path.GetDirectoryName(harness.Root)!, "evil.txt", SearchOption.AllDirectories));
        Assert.Empty(await harness.Sandbox.ListAsync(SandboxHarness.Run));
    }

    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task Delete_is_idempotent_and_removes_the_directory_the_mount_and_the_cgroups(string isolation)
    {
        await using var harness = new SandboxHarness(isolation);
        var handle = await harness.Sandbox.StartAsync(harness.Job("echo hi > file"));
        await harness.Sandbox.CollectAsync(handle);
        var layout = JobLayout.For(harness.Root, handle.RunId, handle.JobId);
        var state = JobState.Read(layout)!;
        Assert.NotEmpty(state.Cgroups);
        Assert.All(state.Cgroups, c => Assert.True(Directory.Exists(c), c));
        Assert.Contains(Mounts(), m => m == layout.Writable);

        await harness.Sandbox.DeleteAsync(handle);
        await harness.Sandbox.DeleteAsync(handle);
        await harness.Sandbox.DeleteAsync(new SandboxJobHandle("never-started", SandboxHarness.Run, "local"));

        Assert.False(Directory.Exists(layout.Directory));
        Assert.All(state.Cgroups, c => Assert.False(Directory.Exists(c), c));
        Assert.DoesNotContain(Mounts(), m => m.StartsWith(layout.Directory, StringComparison.Ordinal));
        Assert.Equal(SandboxJobState.Lost, await harness.Sandbox.PollAsync(handle));
    }

    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task A_job_left_by_an_abandoned_supervisor_is_listed_reported_lost_and_deleted_with_its_whole_tree(string isolation)
    {
        await using var harness = new SandboxHarness(isolation);
        var marker = $"{Random.Shared.Next(100_000, 999_999)}.{Random.Shared.Next(100, 999)}";
        var abandoned = harness.Sandbox;
        var handle = await abandoned.StartAsync(harness.Job($"sleep {marker} & sleep {marker} & sleep {marker}"));
        Assert.True(await SandboxHarness.EventuallyAsync(() => SandboxHarness.ProcessesWith(marker).Count >= 3), "the job's processes run");

        var restarted = harness.NewSandbox();
        Assert.Equal([handle], await restarted.ListAsync(SandboxHarness.Run));
        Assert.Equal(SandboxJobState.Lost, await restarted.PollAsync(handle));
        var lost = await restarted.CollectAsync(handle);
        Assert.Null(lost.ExitCode);
        Assert.Contains("lost", lost.Error, StringComparison.Ordinal);
        Assert.StartsWith(isolation, lost.Isolation, StringComparison.Ordinal);

        await restarted.DeleteAsync(handle);

        Assert.True(await SandboxHarness.EventuallyAsync(() => SandboxHarness.ProcessesWith(marker).Count == 0, 2), "the tree is killed");
        Assert.Empty(await restarted.ListAsync(SandboxHarness.Run));
        Assert.True(await SandboxHarness.EventuallyAsync(() => abandoned.PollAsync(handle).Result == SandboxJobState.Exited), "the old supervisor sees the end");
    }

    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task Disposing_the_sandbox_kills_its_jobs_releases_cgroups_and_mounts_and_a_new_instance_deletes_what_is_left(string isolation)
    {
        await using var harness = new SandboxHarness(isolation);
        var marker = $"{Random.Shared.Next(100_000, 999_999)}.{Random.Shared.Next(100, 999)}";
        var first = harness.NewSandbox();
        var handle = await first.StartAsync(harness.Job($"sleep {marker}"));
        Assert.True(await SandboxHarness.EventuallyAsync(() => SandboxHarness.ProcessesWith(marker).Count >= 1));
        var cgroups = JobState.Read(JobLayout.For(harness.Root, handle.RunId, handle.JobId))!.Cgroups;
        Assert.NotEmpty(cgroups);

        await first.DisposeAsync();

        Assert.Empty(SandboxHarness.ProcessesWith(marker));
        Assert.All(cgroups, c => Assert.False(Directory.Exists(c), c));
        Assert.DoesNotContain(Mounts(), m => m.StartsWith(harness.Root, StringComparison.Ordinal));
        var second = harness.NewSandbox();
        Assert.Equal([handle], await second.ListAsync(SandboxHarness.Run));
        await second.DeleteAsync(handle);
        Assert.Empty(await second.ListAsync(SandboxHarness.Run));
        Assert.DoesNotContain(Mounts(), m => m.StartsWith(harness.Root, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_bubblewrap_or_unshare_jobs_are_refused_not_run_unsandboxed()
    {
        await using var harness = new SandboxHarness("unshare");
        var sandbox = harness.NewSandbox(harness.Options with { UnsharePath = "/nonexistent/unshare" });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => sandbox.StartAsync(harness.Job("touch /job/ran")));

        Assert.Contains("refuses to run jobs without isolation", error.Message, StringComparison.Ordinal);
        Assert.Contains("unshare", error.Message, StringComparison.Ordinal);
        Assert.Empty(await sandbox.ListAsync(SandboxHarness.Run));
    }

    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task Environment_of_the_isolation_process_itself_holds_nothing_from_the_host(string isolation)
    {
        await using var harness = new SandboxHarness(isolation);
        Environment.SetEnvironmentVariable("DGM_TEST_OUTER_SECRET", "outer-secret-value");
        var handle = await harness.Sandbox.StartAsync(harness.Job("sleep 30") with { Environment = new Dictionary<string, string> { ["JOB_ONLY"] = "job-value" } });
        var pid = JobState.Read(JobLayout.For(harness.Root, handle.RunId, handle.JobId))!.Pid!.Value;

        var environ = (await File.ReadAllTextAsync($"/proc/{pid}/environ")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        var commandLine = await File.ReadAllTextAsync($"/proc/{pid}/cmdline");
        await harness.Sandbox.DeleteAsync(handle);

        Assert.Empty(environ.Except(["PATH=/usr/sbin:/usr/bin:/sbin:/bin", "PWD=/"]));
        Assert.DoesNotContain("job-value", commandLine, StringComparison.Ordinal);
        Assert.DoesNotContain("outer-secret-value", commandLine, StringComparison.Ordinal);
    }

    private static List<string> Mounts() =>
        File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4].Replace("\\040", " ", StringComparison.Ordinal)).ToList();
}
