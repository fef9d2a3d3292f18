using System.Text;
using Dgm.Benchmarks;
using Dgm.Core.Archive;
using Dgm.Core.Artifacts;
using Dgm.Core.Benchmarks;
using Dgm.Core.Configuration;
using Dgm.Core.Harness;
using Dgm.Core.Sandbox;
using Dgm.Jobs;
using Dgm.Jobs.Archives;

namespace Dgm.Testing;

/// <summary>
/// The behaviour every <see cref="ISandbox"/> must show, as <see cref="ArtifactStoreContract"/> is for stores: inputs
/// in, the command in its working directory with only the job's environment, outputs out, the wall limit, clipped
/// output, cleanup — and the DGM's own jobs, which run the in-sandbox runner, graded the same way everywhere. Each
/// sandbox's test class derives from this and supplies a sandbox over a fresh store.
/// </summary>
public abstract class SandboxContract
{
    private const string Run = "contract";

    protected abstract Task<(ISandbox Sandbox, IArtifactStore Store)> CreateAsync();

    private static SandboxLimits Limits(int wallSeconds = 60, int outputBytes = 64 * 1024) =>
        new() { WallSeconds = wallSeconds, CpuSeconds = wallSeconds, MemoryMb = 1024, Processes = 256, DiskMb = 512, OutputBytes = outputBytes };

    private static SandboxJob Job(string id, string script, SandboxLimits? limits = null) => new()
    {
        Id = id,
        RunId = Run,
        Kind = StepKind.Grade,
        Command = ["/bin/sh", "-c", script],
        Limits = limits ?? Limits(),
    };

    [Fact]
    public async Task Inputs_go_in_the_command_runs_in_its_folder_and_outputs_come_out()
    {
        var (sandbox, store) = await CreateAsync();
        using var tree = new TempDirectory("dgm-contract-tree");
        File.WriteAllText(tree.Combine("a.txt"), "from the archive");
        await store.PutAsync("in/tree.tar.gz", TarPacker.Pack(tree.Path));
        await store.PutAsync("in/note.txt", Encoding.UTF8.GetBytes("a plain file"));
        var job = Job("files", "cat ../tree/a.txt; cat ../note.txt; pwd; mkdir -p made/inner && echo built > made/inner/x && echo done > result.txt") with
        {
            Inputs = [new SandboxInput("in/tree.tar.gz", "tree", Unpack: true), new SandboxInput("in/note.txt", "note.txt", Unpack: false)],
            WorkingDirectory = "work",
            Outputs =
            [
                new SandboxOutput("work/made", "out/made.tar.gz", Pack: true),
                new SandboxOutput("work/result.txt", "out/result.txt", Pack: false),
                new SandboxOutput("work/never.txt", "out/never.txt", Pack: false),
            ],
        };

        var result = await SandboxRunner.RunAsync(sandbox, job);

        Assert.True(result.Succeeded, $"{result.Error} {result.Output}");
        Assert.Contains("from the archive", result.Output, StringComparison.Ordinal);
        Assert.Contains("a plain file", result.Output, StringComparison.Ordinal);
        Assert.Contains($"{JobPaths.Root}/work", result.Output, StringComparison.Ordinal);
        Assert.Equal("done\n", Encoding.UTF8.GetString((await store.GetAsync("out/result.txt"))!.Content));
        Assert.Equal("built\n", Encoding.UTF8.GetString(TarExtractor.ReadFiles((await store.GetAsync("out/made.tar.gz"))!.Content)["inner/x"]));
        Assert.False(await store.ExistsAsync("out/never.txt"));
        Assert.Equal(["out/made.tar.gz", "out/result.txt"], result.Outputs.Select(o => o.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_command_sees_the_jobs_environment_and_nothing_of_the_hosts()
    {
        var (sandbox, _) = await CreateAsync();
        Environment.SetEnvironmentVariable("DGM_CONTRACT_HOST_SECRET", "leaked");
        var job = Job("env", "echo job=$JOB_VALUE; echo secret=${DGM_CONTRACT_HOST_SECRET:-absent}") with
        {
            Environment = new Dictionary<string, string> { ["JOB_VALUE"] = "given" },
        };

        var result = await SandboxRunner.RunAsync(sandbox, job);

        Assert.Contains("job=given", result.Output, StringComparison.Ordinal);
        Assert.Contains("secret=absent", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_past_its_wall_limit_is_stopped_and_says_so()
    {
        var (sandbox, _) = await CreateAsync();

        var result = await SandboxRunner.RunAsync(sandbox, Job("slow", "echo started; sleep 300", Limits(wallSeconds: 2)));

        Assert.True(result.TimedOut);
        Assert.Null(result.ExitCode);
        Assert.Contains("started", result.Output, StringComparison.Ordinal);
        Assert.InRange(result.Usage.WallSeconds, 1.5, 60);
    }

    [Fact]
    public async Task Output_past_its_limit_keeps_head_and_tail_and_is_not_a_failure()
    {
        var (sandbox, _) = await CreateAsync();

        var result = await SandboxRunner.RunAsync(sandbox, Job("loud", "echo FIRST; head -c 200000 /dev/zero | tr '\\0' a; echo; echo LAST", Limits(outputBytes: 2000)));

        Assert.True(result.Succeeded, result.Error);
        Assert.True(result.OutputTruncated);
        Assert.StartsWith("FIRST", result.Output, StringComparison.Ordinal);
        Assert.EndsWith("LAST\n", result.Output, StringComparison.Ordinal);
        Assert.Contains("bytes omitted", result.Output, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(result.Output) <= 2000);
    }

    [Fact]
    public async Task Jobs_are_listed_until_deleted_and_deleting_twice_is_fine()
    {
        var (sandbox, _) = await CreateAsync();
        var handle = await sandbox.StartAsync(Job("listed", "sleep 30"));

        Assert.Contains(handle.JobId, (await sandbox.ListAsync(Run)).Select(h => h.JobId));
        await sandbox.DeleteAsync(handle);
        await sandbox.DeleteAsync(handle);

        Assert.DoesNotContain(handle.JobId, (await sandbox.ListAsync(Run)).Select(h => h.JobId));
    }

    [Fact]
    public async Task The_dgm_grades_a_task_the_same_way_in_every_sandbox()
    {
        var (sandbox, store) = await CreateAsync();
        using var dir = new TempDirectory("dgm-contract");
        await SuiteStore.WriteAsync(store, FolderSuiteReader.Read(StarterSubset.Write(dir.Path, "contract", "py-config-equals")));
        await store.PutAsync(ArtifactKeys.EmptyPatch, Array.Empty<byte>());
        var toolchains = new EveryToolchain();

        var verification = await new SuiteVerifier(store, sandbox, toolchains, new RunConfig()).VerifyAsync("contract", parallelism: 1);

        var task = Assert.Single(verification.Tasks);
        Assert.True(task.Sound, task.Detail);
        Assert.Equal(AttemptStatus.Resolved, task.Gold);
        Assert.Equal(AttemptStatus.Unresolved, task.Untouched);
    }

    private sealed class EveryToolchain : IToolchainProbe
    {
        public bool IsAvailable(string command) => true;
    }
}
