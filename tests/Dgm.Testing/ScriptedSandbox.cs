using System.Collections.Concurrent;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Dgm.Core.Artifacts;
using Dgm.Core.Sandbox;
using Dgm.Jobs;

namespace Dgm.Testing;

/// <summary>One job as the scripted sandbox sees it: the job, the node it works for and the task, if any.</summary>
public sealed record ScriptedJob(SandboxJob Job, string NodeId, string? TaskId);

/// <summary>
/// A sandbox double whose jobs end as each test scripts: how many polls a job runs for, the runner's report it
/// leaves (a successful one by default) and the outputs that go with it (a patch, a child's source, a build). The
/// workflow reads these exactly as it reads a real runner's outputs.
/// </summary>
public sealed class ScriptedSandbox(IArtifactStore store) : ISandbox
{
    private readonly ConcurrentQueue<(string Job, string Call)> _calls = new();
    private readonly ConcurrentDictionary<string, int> _polls = new();
    private readonly ConcurrentDictionary<string, SandboxJob> _jobs = new();

    public string Name => "scripted";

    /// <summary>When each job was started and deleted, by job id: what the workflow adds around a job.</summary>
    public ConcurrentDictionary<string, (DateTime Started, DateTime? Deleted)> Lifetimes { get; } = new();

    /// <summary>Polls before a job exits, by job id (default 1), counted from when it runs.</summary>
    public ConcurrentDictionary<string, int> PollsUntilExit { get; } = new();

    /// <summary>Polls that find a job still provisioning (pending) before it runs, by job id (default 0).</summary>
    public ConcurrentDictionary<string, int> PendingPolls { get; } = new();

    /// <summary>The runner's report for a job; null makes the job leave none.</summary>
    public Func<ScriptedJob, StepReport?> Report { get; set; } = Succeeded;

    /// <summary>What a job does while it runs, before its outputs are collected: an agent calling the gateway, say.</summary>
    public Func<SandboxJob, Task> Run { get; set; } = _ => Task.CompletedTask;

    /// <summary>Makes starting a job throw, as a sandbox whose backend is down would.</summary>
    public Func<SandboxJob, Exception?> FailStart { get; set; } = _ => null;

    public static StepReport Succeeded(ScriptedJob job) => job.Job.Kind switch
    {
        StepKind.Build => new StepReport { Kind = StepKind.Build, Publish = Ran(), SelfTest = Ran() },
        StepKind.Grade => new StepReport { Kind = StepKind.Grade, Grade = new GradeReport { ChangedPaths = ["solution.py"], Tests = Ran() } },
        var kind => new StepReport { Kind = kind, Agent = Ran(), PatchBytes = 1 },
    };

    public static CommandResult Ran(int exitCode = 0) => new() { ExitCode = exitCode, Seconds = 1 };

    public IReadOnlyList<string> Calls(string job) => _calls.Where(c => c.Job == job).Select(c => c.Call).ToList();

    public int Polls(string job) => _polls.GetValueOrDefault(job);

    public Task<SandboxJobHandle> StartAsync(SandboxJob job, CancellationToken cancellationToken = default)
    {
        if (FailStart(job) is { } failure)
        {
            throw failure;
        }

        _calls.Enqueue((job.Id, "start"));
        Lifetimes[job.Id] = (DateTime.UtcNow, null);
        _jobs[job.Id] = job;
        return Task.FromResult(new SandboxJobHandle(job.Id, job.RunId, Name));
    }

    public Task<SandboxJobState> PollAsync(SandboxJobHandle handle, CancellationToken cancellationToken = default)
    {
        var polls = _polls.AddOrUpdate(handle.JobId, 1, (_, n) => n + 1);
        var running = polls - PendingPolls.GetValueOrDefault(handle.JobId);
        return Task.FromResult(
            running <= 0 ? SandboxJobState.Pending
            : running >= PollsUntilExit.GetValueOrDefault(handle.JobId, 1) ? SandboxJobState.Exited
            : SandboxJobState.Running);
    }

    public async Task<SandboxJobResult> CollectAsync(SandboxJobHandle handle, CancellationToken cancellationToken = default)
    {
        _calls.Enqueue((handle.JobId, "collect"));
        var job = _jobs[handle.JobId];
        await Run(job);
        var scripted = Describe(job);
        var outputs = new List<ArtifactRef>();
        if (Report(scripted) is { } report)
        {
            foreach (var (name, content) in Outputs(scripted, report))
            {
                var output = job.Outputs.Single(o => o.ArtifactKey.EndsWith("/" + name, StringComparison.Ordinal));
                outputs.Add(await store.PutAsync(output.ArtifactKey, content, cancellationToken));
            }
        }

        return new SandboxJobResult { JobId = handle.JobId, ExitCode = 0, Isolation = Name, Usage = new SandboxUsage(2, 1, 0), Outputs = outputs };
    }

    public Task DeleteAsync(SandboxJobHandle handle, CancellationToken cancellationToken = default)
    {
        _calls.Enqueue((handle.JobId, "delete"));
        Lifetimes.AddOrUpdate(handle.JobId, _ => (DateTime.UtcNow, DateTime.UtcNow), (_, life) => life with { Deleted = DateTime.UtcNow });
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SandboxJobHandle>> ListAsync(string runId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SandboxJobHandle>>([]);

    /// <summary>Node and task come from where the job's outputs and inputs live (runs/{run}/nodes/{node}/…, benchmarks/{suite}/tasks/{task}/…).</summary>
    private static ScriptedJob Describe(SandboxJob job)
    {
        var node = job.Outputs.Select(o => o.ArtifactKey.Split('/')).First(p => p[2] == "nodes")[3];
        var task = job.Inputs.Select(i => i.ArtifactKey.Split('/')).FirstOrDefault(p => p[0] == "benchmarks" && p[2] == "tasks")?[3];
        return new ScriptedJob(job, node, task);
    }

    private static IEnumerable<(string Name, byte[] Content)> Outputs(ScriptedJob job, StepReport report)
    {
        yield return (StepOutputs.Report, JobsJson.WriteBytes(report));
        switch (job.Job.Kind)
        {
            case StepKind.SelfModify or StepKind.Solve:
                yield return (StepOutputs.Patch, Encoding.UTF8.GetBytes(report.PatchBytes > 0 ? $"diff --git a/solution.py b/solution.py\n--- a/solution.py\n+++ b/solution.py\n@@ -1 +1 @@\n-old\n+{job.NodeId}\n" : ""));
                yield return (StepOutputs.Transcript, Encoding.UTF8.GetBytes($"# transcript of {job.NodeId}\n"));
                if (job.Job.Kind == StepKind.SelfModify)
                {
                    // Each child's source differs, so each gets its own snapshot and build.
                    yield return (StepOutputs.Snapshot, TarGz(("SUMMARY.md", $"agent {job.NodeId}\n")));
                }

                break;
            case StepKind.Build when report.Publish is { Succeeded: true }:
                yield return (StepOutputs.ArtifactName(StepOutputs.Agent, folder: true), TarGz((JobPaths.AgentAssembly, "binary")));
                break;
            case StepKind.Grade:
                yield return (StepOutputs.TestLog, Encoding.UTF8.GetBytes($"tests of {job.TaskId} for {job.NodeId}\n"));
                break;
        }
    }

    private static byte[] TarGz(params (string Name, string Content)[] files)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Gnu))
        {
            foreach (var (name, content) in files)
            {
                tar.WriteEntry(new GnuTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
            }
        }

        return output.ToArray();
    }
}
