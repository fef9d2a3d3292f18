using Dgm.Core.Runs;
using Dgm.Core.Sandbox;
using Dgm.Workflow.Runs;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Activities;

/// <summary>Reserves the job's budget ceiling, then launches it; a refused reservation launches nothing.</summary>
public sealed class StartJobActivity(JobFactory jobs, RunStore runs, ISandbox sandbox, WorkflowOptions options) : TaskActivity<StartJobInput, JobStarted>
{
    public override async Task<JobStarted> RunAsync(TaskActivityContext context, StartJobInput input)
    {
        var prepared = await jobs.PrepareAsync(input);
        var refusal = await runs.UpdateLedgerAsync(input.Request.RunId, ledger => ledger.TryReserve(input.LaunchKey, prepared.Ceiling));
        if (refusal is not null)
        {
            return new JobStarted(null, refusal, prepared.Job.Limits.WallSeconds, options.DeadlineGrace.TotalSeconds);
        }

        var handle = await sandbox.StartAsync(prepared.Job);
        return new JobStarted(handle, null, prepared.Job.Limits.WallSeconds, options.DeadlineGrace.TotalSeconds);
    }
}
