using System.Text;
using Dgm.Azure.Sandbox;
using Dgm.Azure.Tests.Azurite;
using Dgm.Core.Artifacts;
using Dgm.Jobs;

namespace Dgm.Azure.Tests.Runner;

/// <summary>The runner's transfer mode (what an ACI container runs), run for real: inputs, command, limits, outputs, log and result.json over SAS.</summary>
[Collection(RunnerTests.Name)]
public sealed class RunnerTransferTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Runs_a_job_end_to_end_through_sas_urls()
    {
        using var runner = await RunnerHarness.CreateAsync(azurite);
        await runner.Store.PutAsync("snapshots/w.tar.gz", RunnerHarness.TarGz(("src/hello.txt", "hello from the snapshot")));
        await runner.Store.PutAsync("tasks/settings.json", "{\"x\":1}"u8.ToArray());
        var spec = await runner.SpecAsync(
            ["bash", "-c", "cat src/hello.txt; echo; cat ../config/settings.json; echo; echo model=$DGM_MODEL_NAME token=$DGM_MODEL_TOKEN spec=${DGM_JOB_SPEC:-absent}; pwd; mkdir -p out/sub && echo built > out/sub/artifact.txt && echo patch > result.diff; exit 3"],
            inputs: [new TransferInput(await runner.ReadUrlAsync("snapshots/w.tar.gz"), "workspace", true),
                     new TransferInput(await runner.ReadUrlAsync("tasks/settings.json"), "config/settings.json", false)],
            outputs: [new TransferOutput("workspace/out", await runner.WriteUrlAsync("scratch/outputs/0"), true),
                      new TransferOutput("workspace/result.diff", await runner.WriteUrlAsync("scratch/outputs/1"), false),
                      new TransferOutput("workspace/missing.txt", await runner.WriteUrlAsync("scratch/outputs/2"), false)],
            workingDirectory: "workspace");

        var run = await runner.RunAsync(spec, new Dictionary<string, string> { ["DGM_MODEL_NAME"] = "demo", ["DGM_MODEL_TOKEN"] = "tok-123" });

        Assert.Equal(0, run.ExitCode);
        var result = run.Result!;
        Assert.Null(result.Error);
        Assert.Equal(3, result.ExitCode);
        Assert.False(result.TimedOut);
        Assert.Empty(result.LimitsHit);
        Assert.False(result.OutputTruncated);
        Assert.True(result.WallSeconds > 0);
        Assert.True(result.PeakMemoryBytes > 0);
        Assert.Contains("hello from the snapshot", run.Log, StringComparison.Ordinal);
        Assert.Contains("{\"x\":1}", run.Log, StringComparison.Ordinal);
        Assert.Contains("model=demo token=tok-123 spec=absent", run.Log, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(runner.JobRoot, "workspace"), run.Log, StringComparison.Ordinal);

        var packed = (await runner.Store.GetAsync("scratch/outputs/0"))!;
        Assert.True(result.Outputs[0].Uploaded);
        Assert.Equal(packed.Sha256, result.Outputs[0].Sha256);
        var files = RunnerHarness.ReadTarGz(packed.Content);
        Assert.Equal("built\n", files["sub/artifact.txt"].Content);
        Assert.Equal(0, files["sub/artifact.txt"].Entry.Uid);
        Assert.Equal(DateTimeOffset.UnixEpoch, files["sub/artifact.txt"].Entry.ModificationTime);

        Assert.True(result.Outputs[1].Uploaded);
        Assert.Equal("patch\n", Encoding.UTF8.GetString((await runner.Store.GetAsync("scratch/outputs/1"))!.Content));
        Assert.False(result.Outputs[2].Uploaded);
        Assert.NotNull(result.Outputs[2].Error);
        Assert.False(await runner.Store.ExistsAsync("scratch/outputs/2"));
    }

    [Fact]
    public async Task Packing_the_same_tree_twice_gives_the_same_bytes()
    {
        var hashes = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var runner = await RunnerHarness.CreateAsync(azurite);
            var spec = await runner.SpecAsync(
                ["bash", "-c", "mkdir -p tree/b tree/a && echo 1 > tree/b/x && echo 2 > tree/a/y && sleep 1.1"],
                outputs: [new TransferOutput("tree", await runner.WriteUrlAsync("scratch/outputs/0"), true)]);
            var run = await runner.RunAsync(spec);
            hashes.Add(run.Result!.Outputs[0].Sha256!);
        }

        Assert.Equal(hashes[0], hashes[1]);
    }

    [Fact]
    public async Task The_wall_limit_kills_the_whole_process_group()
    {
        using var runner = await RunnerHarness.CreateAsync(azurite);
        var spec = await runner.SpecAsync(["bash", "-c", "echo started; sleep 30 & sleep 30"], wallSeconds: 1);

        var run = await runner.RunAsync(spec);

        var result = run.Result!;
        Assert.True(result.TimedOut);
        Assert.Null(result.ExitCode);
        Assert.Contains("wallTime", result.LimitsHit);
        Assert.InRange(result.WallSeconds, 1, 10);
        Assert.Contains("started", run.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cpu_limit_stops_a_busy_loop()
    {
        using var runner = await RunnerHarness.CreateAsync(azurite);
        var spec = await runner.SpecAsync(["python3", "-c", "while True: pass"], cpuSeconds: 1, wallSeconds: 20);

        var run = await runner.RunAsync(spec);

        var result = run.Result!;
        Assert.Contains("cpuTime", result.LimitsHit);
        Assert.False(result.TimedOut);
        Assert.Null(result.ExitCode);
        // Kernel CPU accounting is tick-sampled: the reported time of a process stopped at 1 s can read a little lower.
        Assert.InRange(result.CpuSeconds, 0.5, 5);
        Assert.InRange(result.WallSeconds, 0.5, 10);
    }

    [Fact]
    public async Task Output_is_clipped_to_its_limit_keeping_head_and_tail()
    {
        using var runner = await RunnerHarness.CreateAsync(azurite);
        var spec = await runner.SpecAsync(["python3", "-c", "print('A' * 50000); print('B' * 50000)"], outputBytes: 4096);

        var run = await runner.RunAsync(spec);

        var result = run.Result!;
        Assert.Equal(0, result.ExitCode);
        Assert.True(result.OutputTruncated);
        Assert.Empty(result.LimitsHit);
        Assert.InRange(Encoding.UTF8.GetByteCount(run.Log!), 3000, 4096);
        Assert.StartsWith("AAAA", run.Log, StringComparison.Ordinal);
        Assert.EndsWith("BBBB\n", run.Log, StringComparison.Ordinal);
        Assert.Contains("bytes omitted", run.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_file_size_limit_stops_a_runaway_write()
    {
        using var runner = await RunnerHarness.CreateAsync(azurite);
        var spec = await runner.SpecAsync(["bash", "-c", "head -c 3000000 /dev/zero > big && echo not reached"], fileSizeMb: 1);

        var run = await runner.RunAsync(spec);

        var result = run.Result!;
        Assert.Contains("disk", result.LimitsHit);
        Assert.Null(result.ExitCode);
        Assert.DoesNotContain("not reached", run.Log, StringComparison.Ordinal);
        Assert.Equal(1024 * 1024, new FileInfo(Path.Combine(runner.JobRoot, "big")).Length);
    }

    [Fact]
    public async Task Sparse_outputs_past_the_disk_limit_fail_the_job_and_are_never_uploaded()
    {
        using var runner = await RunnerHarness.CreateAsync(azurite);
        var spec = await runner.SpecAsync(
            // Each file stays under the per-file limit; together they pass the job's 1 MB of disk.
            ["bash", "-c", "echo kept > small.txt && mkdir -p out && for i in 1 2 3; do truncate -s 900K out/sparse-$i.bin; done"],
            outputs: [new TransferOutput("small.txt", await runner.WriteUrlAsync("scratch/outputs/0"), false),
                      new TransferOutput("out", await runner.WriteUrlAsync("scratch/outputs/1"), true)],
            fileSizeMb: 1);

        var run = await runner.RunAsync(spec);

        var result = run.Result!;
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("output 'out' was not collected", result.Error, StringComparison.Ordinal);
        Assert.True(Assert.Single(result.Outputs).Uploaded);
        Assert.False(await runner.Store.ExistsAsync("scratch/outputs/1"));
    }

    [Fact]
    public async Task The_command_runs_with_the_jobs_process_file_size_and_cpu_limits()
    {
        using var runner = await RunnerHarness.CreateAsync(azurite);
        await runner.Store.PutAsync("snapshots/w.tar.gz", RunnerHarness.TarGz(("readme.txt", "inputs arrive before the command")));
        var spec = await runner.SpecAsync(
            ["bash", "-c", "ulimit -u; ulimit -f; ulimit -t; echo mine > made.txt; cat readme.txt"],
            inputs: [new TransferInput(await runner.ReadUrlAsync("snapshots/w.tar.gz"), ".", true)],
            outputs: [new TransferOutput("made.txt", await runner.WriteUrlAsync("scratch/outputs/0"), false)],
            processes: 77, fileSizeMb: 5, cpuSeconds: 12.5);

        var run = await runner.RunAsync(spec);

        Assert.Null(run.Result!.Error);
        Assert.Equal(0, run.Result.ExitCode);
        var lines = run.Log!.Split('\n');
        Assert.Equal(["77", (5 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), "13"], lines[0..3]);
        Assert.Equal("inputs arrive before the command", lines[3]);
        Assert.Equal("mine\n", Encoding.UTF8.GetString((await runner.Store.GetAsync("scratch/outputs/0"))!.Content));
    }

    [Fact]
    public async Task An_input_that_cannot_be_downloaded_is_a_sandbox_error_and_nothing_runs()
    {
        using var runner = await RunnerHarness.CreateAsync(azurite);
        await runner.Store.PutAsync("snapshots/w.tar.gz", RunnerHarness.TarGz(("a", "b")));
        var spec = await runner.SpecAsync(
            ["bash", "-c", "echo ran > ran.txt"],
            inputs: [new TransferInput(await runner.ReadUrlAsync("snapshots/w.tar.gz", minutes: -1), "w", true)]);

        var run = await runner.RunAsync(spec);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("input 'w' could not be downloaded", run.Result!.Error, StringComparison.Ordinal);
        Assert.Contains("403", run.Result.Error, StringComparison.Ordinal);
        Assert.Null(run.Result.ExitCode);
        Assert.False(File.Exists(Path.Combine(runner.JobRoot, "ran.txt")));
    }

    [Fact]
    public async Task A_result_that_cannot_be_uploaded_fails_the_runner_without_printing_urls()
    {
        using var runner = await RunnerHarness.CreateAsync(azurite);
        var spec = await runner.SpecAsync(["true"]) with { ResultUrl = await runner.WriteUrlAsync("scratch/result.json", minutes: -1) };

        var run = await runner.RunAsync(spec);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("could not upload the result", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("http", run.Stderr, StringComparison.Ordinal);
        Assert.False(await runner.Store.ExistsAsync("scratch/result.json"));
    }

    [Fact]
    public async Task A_missing_or_broken_spec_stops_the_runner_before_anything_happens()
    {
        using var runner = await RunnerHarness.CreateAsync(azurite);

        var run = await runner.RunAsync("{\"command\": []}");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("invalid transfer spec", run.Stderr, StringComparison.Ordinal);
        Assert.Null(run.Result);
        Assert.Equal(ContentHash.Of([]), ContentHash.Of(Encoding.UTF8.GetBytes(run.Log ?? "")));
    }
}
