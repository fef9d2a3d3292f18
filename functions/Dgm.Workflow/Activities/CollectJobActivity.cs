using Dgm.Core;
using Dgm.Core.Sandbox;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Dgm.Workflow.Activities;

/// <summary>Collects a finished job's outputs and how it ended.</summary>
public sealed class CollectJobActivity(ISandbox sandbox, ILogger<CollectJobActivity> logger) : TaskActivity<CollectInput, SandboxJobResult>
{
    public override async Task<SandboxJobResult> RunAsync(TaskActivityContext context, CollectInput input)
    {
        using var span = DgmTelemetry.Start("sandbox.collect", input.Handle.RunId, jobId: input.Handle.JobId);
        var result = await sandbox.CollectAsync(input.Handle);
        span?.SetTag("dgm.exit_code", result.ExitCode);
        span?.SetTag("dgm.limits_hit", result.LimitsHit.ToString());
        if (result.Error is { } error)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, error);
            logger.LogWarning("Job {JobId} of run {RunId} failed in the sandbox: {Error}", input.Handle.JobId, input.Handle.RunId, error);
        }
        else
        {
            logger.LogInformation(
                "Collected job {JobId} of run {RunId}: exit {ExitCode}, limits {Limits}, {WallSeconds:0.#} s, {Outputs} outputs ({Isolation})",
                input.Handle.JobId, input.Handle.RunId, result.ExitCode, result.LimitsHit, result.Usage.WallSeconds, result.Outputs.Count, result.Isolation);
        }

        return result;
    }
}
