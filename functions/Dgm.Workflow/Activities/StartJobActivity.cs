using Dgm.Core;
using Dgm.Core.Budget;
using Dgm.Core.Runs;
using Dgm.Core.Sandbox;
using Dgm.Workflow.Runs;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Dgm.Workflow.Activities;

/// <summary>
/// Reserves the job's budget ceiling, then launches it with a gateway token for the tokens reserved; a refused
/// reservation launches nothing.
/// </summary>
public sealed class StartJobActivity(JobFactory jobs, RunStore runs, ISandbox sandbox, WorkflowOptions options, ILogger<StartJobActivity> logger) : TaskActivity<StartJobInput, JobStarted>
{
    public override async Task<JobStarted> RunAsync(TaskActivityContext context, StartJobInput input)
    {
        var request = input.Request;
        using var span = DgmTelemetry.Start("sandbox.start", request.RunId, request.NodeId, input.LaunchKey);
        span?.SetTag("dgm.job.kind", request.Kind.ToString());
        var prepared = await jobs.PrepareAsync(input);
        var (reserved, refusal) = await runs.UpdateLedgerAsync(request.RunId, ledger => ledger.TryReserve(input.LaunchKey, prepared.Ceiling));
        if (refusal is not null)
        {
            span?.SetTag("dgm.refused", refusal.Limit);
            logger.LogWarning("Budget refused {Kind} job {JobId} of run {RunId}: {Reason}", request.Kind, input.LaunchKey, request.RunId, refusal.Message);
            return Started(null, refusal);
        }

        SandboxJobHandle handle;
        try
        {
            handle = await sandbox.StartAsync(jobs.Grant(prepared, reserved));
        }
        catch (SandboxBusyException ex)
        {
            // The reservation stands: the job will run once the sandbox has room.
            logger.LogWarning("Sandbox {Sandbox} cannot take {Kind} job {JobId} of run {RunId} now: {Reason}", sandbox.Name, request.Kind, input.LaunchKey, request.RunId, ex.Message);
            return Started(null, null) with { Busy = ex.Message, RetryAfterSeconds = ex.RetryAfter?.TotalSeconds ?? 0 };
        }

        logger.LogInformation(
            "Started {Kind} job {JobId} of run {RunId} for {NodeId} on {Sandbox} ({WallSeconds} s, reserved {Reserved})",
            request.Kind, input.LaunchKey, request.RunId, request.NodeId, sandbox.Name, prepared.Job.Limits.WallSeconds, reserved);
        return Started(handle, null);

        JobStarted Started(SandboxJobHandle? started, BudgetRefusal? refused) =>
            new(started, refused, options.ProvisionLimit.TotalSeconds, prepared.Job.Limits.WallSeconds, options.DeadlineGrace.TotalSeconds)
            {
                BusyBackoffSeconds = options.BusyBackoff.TotalSeconds,
                BusyAttempts = options.BusyAttempts,
            };
    }
}
