using Dgm.Core.Budget;
using Dgm.Core.Sandbox;
using Dgm.Workflow.Activities;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Orchestrators;

/// <summary>
/// One sandbox job, durably: reserve + start → poll with durable timers → collect → delete (on every path) → settle.
/// A hard deadline (the job's wall limit plus a grace period) races the polling, so a job whose sandbox fails to
/// stop it is abandoned, deleted and recorded as killed.
/// </summary>
public sealed class SandboxJobOrchestrator : TaskOrchestrator<JobRequest, JobOutcome>
{
    public override async Task<JobOutcome> RunAsync(TaskOrchestrationContext context, JobRequest request)
    {
        var launch = new StartJobInput(request, context.NewGuid().ToString("N")[..12]);
        var started = await context.StartJobAsync(launch);
        if (started.Handle is not { } handle)
        {
            return new JobOutcome(launch.LaunchId, null, started.Refusal, Spend.Zero);
        }

        SandboxJobResult result;
        try
        {
            var deadline = context.CurrentUtcDateTime.AddSeconds(started.WallSeconds + started.GraceSeconds);
            using var stopTimer = new CancellationTokenSource();
            var deadlineTimer = context.CreateTimer(deadline, stopTimer.Token);
            var abandoned = false;
            var polling = PollUntilEndedAsync(context, handle, TimeSpan.FromSeconds(request.PollSeconds), () => abandoned);
            if (await Task.WhenAny(polling, deadlineTimer) == polling)
            {
                stopTimer.Cancel();
                result = await context.CollectJobAsync(new CollectInput(handle, launch.LaunchId));
            }
            else
            {
                abandoned = true;
                result = new SandboxJobResult
                {
                    JobId = request.JobId,
                    LimitsHit = LimitHit.WallTime,
                    Isolation = handle.Sandbox,
                    Usage = new SandboxUsage(started.WallSeconds + started.GraceSeconds, 0, 0),
                    Error = $"the job did not end within its {started.WallSeconds} s limit plus {started.GraceSeconds:0.#} s; it was abandoned and deleted",
                };
            }
        }
        finally
        {
            await context.DeleteJobAsync(handle);
        }

        var cost = await context.SettleJobAsync(new SettleJobInput(launch, result.Usage));
        return new JobOutcome(launch.LaunchId, result, null, cost);
    }

    private static async Task PollUntilEndedAsync(TaskOrchestrationContext context, SandboxJobHandle handle, TimeSpan interval, Func<bool> abandoned)
    {
        while (!abandoned())
        {
            var state = await context.PollJobAsync(handle);
            if (state is SandboxJobState.Exited or SandboxJobState.Lost)
            {
                return;
            }

            await context.CreateTimer(interval, CancellationToken.None);
        }
    }
}
