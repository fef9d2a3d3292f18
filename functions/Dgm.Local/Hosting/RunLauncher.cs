using Dgm.Core.Configuration;
using Dgm.Core.Runs;
using Dgm.Workflow;
using Dgm.Workflow.Runs;
using Microsoft.DurableTask.Client;

namespace Dgm.Local.Hosting;

/// <summary>Starts, resumes and follows runs on a <see cref="LocalDgm"/>, through the run lifecycle every host shares.</summary>
public sealed class RunLauncher(LocalDgm dgm, TimeProvider time)
{
    public RunLauncher(LocalDgm dgm)
        : this(dgm, TimeProvider.System)
    {
    }

    /// <summary>Starts a run; refuses (<see cref="SuiteNotSoundException"/>) when its tasks are not verified sound here.</summary>
    public async Task<RunRecord> StartAsync(RunConfig config, string runId, string? seedSnapshot = null, CancellationToken cancellationToken = default)
    {
        await SoundSuiteGate.EnsureAsync(dgm, config, cancellationToken);
        return await dgm.Lifecycle.StartAsync(dgm.Client, config, runId, seedSnapshot, cancellationToken);
    }

    public Task<ResumeReport> ResumeAsync(string runId, CancellationToken cancellationToken = default) =>
        dgm.Lifecycle.ResumeAsync(dgm.Client, runId, cancellationToken);

    /// <summary>Follows a run until it ends, reporting progress; returns its outcome.</summary>
    public async Task<RunOutcome> WaitAsync(string runId, Action<RunProgress>? progress, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var instance = await dgm.Client.GetInstanceAsync(runId, getInputsAndOutputs: true, cancellationToken)
                ?? throw new InvalidOperationException($"Run '{runId}' is not running in this process.");
            if (instance.ReadCustomStatusAs<RunProgress>() is { } current)
            {
                progress?.Invoke(current);
            }

            switch (instance.RuntimeStatus)
            {
                case OrchestrationRuntimeStatus.Completed:
                    return instance.ReadOutputAs<RunOutcome>()!;
                case OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated:
                    var status = instance.RuntimeStatus == OrchestrationRuntimeStatus.Failed ? RunStatus.Failed : RunStatus.Terminated;
                    var run = await dgm.Lifecycle.RecordEndAsync(runId, status, instance.FailureDetails?.ErrorMessage ?? instance.RuntimeStatus.ToString(), cancellationToken);
                    return new RunOutcome(run.Status, run.StopReason ?? "", run.LastCommittedIteration);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), time, cancellationToken);
        }
    }
}
