using Dgm.Core.Configuration;
using Dgm.Core.Runs;
using Dgm.Workflow.Orchestrators;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Dgm.Workflow;

/// <summary>Creates a run's record and starts its orchestration; the instance id is the run id, so a run cannot be started twice.</summary>
public static class RunStarter
{
    public static async Task<RunRecord> StartAsync(
        DurableTaskClient client, RunStore runs, RunConfig config, string runId, string seedSnapshot, string suiteManifestSha, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (await runs.FindRunAsync(runId, cancellationToken) is not null)
        {
            throw new InvalidOperationException($"Run '{runId}' already exists; resume it or choose another id.");
        }

        var run = new RunRecord { RunId = runId, Config = config, SeedSnapshot = seedSnapshot, SuiteManifestSha = suiteManifestSha, CreatedAt = now };
        await runs.CreateRunAsync(run, cancellationToken);
        await ScheduleAsync(client, new RunState(runId, 0, now), cancellationToken);
        return run;
    }

    public static Task<string> ScheduleAsync(DurableTaskClient client, RunState state, CancellationToken cancellationToken = default) =>
        client.ScheduleNewOrchestrationInstanceAsync(nameof(RunOrchestrator), state, new StartOrchestrationOptions { InstanceId = state.RunId }, cancellationToken);
}
