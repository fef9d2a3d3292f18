using System.Collections.Concurrent;
using Dgm.Core.Artifacts;
using Dgm.Core.Sandbox;

namespace Dgm.Local.Sandbox;

/// <summary>Watches one running job until it ends: a process tree (<see cref="JobSupervisor"/>) or a container.</summary>
internal interface IJobSupervisor
{
    Task<SupervisedExit> Completion { get; }

    /// <summary>Kills the job without blaming a limit (delete, shutdown).</summary>
    void Stop();
}

internal sealed record RunningJob(SandboxJob Job, JobLayout Layout, string Isolation, IJobSupervisor Supervisor);

/// <summary>
/// The jobs one sandbox instance supervises, and what poll, collect, delete and shutdown do with them; a job this
/// instance does not supervise (a restarted process's) is lost to it and can only be listed and deleted.
/// </summary>
internal sealed class SupervisedJobs(IArtifactStore store, string root)
{
    private readonly ConcurrentDictionary<(string RunId, string JobId), RunningJob> _jobs = new();

    public bool Contains(SandboxJob job) => _jobs.ContainsKey((job.RunId, job.Id));

    public void Add(RunningJob running) => _jobs[(running.Job.RunId, running.Job.Id)] = running;

    public SandboxJobState Poll(SandboxJobHandle handle) =>
        !_jobs.TryGetValue((handle.RunId, handle.JobId), out var running) ? SandboxJobState.Lost
        : running.Supervisor.Completion.IsCompleted ? SandboxJobState.Exited
        : SandboxJobState.Running;

    public async Task<SandboxJobResult> CollectAsync(SandboxJobHandle handle, CancellationToken cancellationToken)
    {
        if (!_jobs.TryGetValue((handle.RunId, handle.JobId), out var running))
        {
            return LostJob.Result(JobLayout.For(root, handle.RunId, handle.JobId), handle);
        }

        var outcome = await running.Supervisor.Completion.WaitAsync(cancellationToken);
        var (outputs, refusal) = await JobFiles.CollectAsync(store, running.Job, running.Layout, cancellationToken);
        return new SandboxJobResult
        {
            JobId = handle.JobId,
            ExitCode = outcome.ExitCode,
            LimitsHit = outcome.LimitsHit,
            Isolation = running.Isolation,
            Usage = outcome.Usage,
            Output = outcome.Output,
            OutputTruncated = outcome.OutputTruncated,
            Outputs = outputs,
            Error = outcome.Error ?? refusal,
        };
    }

    /// <summary>Stops the job if this instance supervises it and waits for its supervisor to finish.</summary>
    public async Task StopAsync(SandboxJobHandle handle)
    {
        if (_jobs.TryRemove((handle.RunId, handle.JobId), out var running))
        {
            running.Supervisor.Stop();
            // Delete must clean up even after a supervisor failure; CollectAsync is where that failure surfaces.
            await running.Supervisor.Completion.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Stops every job (nobody would enforce their limits any more) and releases what would outlive the process
    /// (cgroups, tmpfs mounts), keeping the job folders for a later list and delete.
    /// </summary>
    public async Task StopAllAsync()
    {
        foreach (var running in _jobs.Values)
        {
            running.Supervisor.Stop();
        }

        await Task.WhenAll(_jobs.Values.Select(r => r.Supervisor.Completion.ContinueWith(_ => JobCleanup.Release(r.Layout), TaskScheduler.Default)));
        _jobs.Clear();
    }
}
