using Dgm.Core.Budget;
using Dgm.Core.Sandbox;
using Dgm.Workflow.Activities;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Orchestrators;

/// <summary>
/// One sandbox job, durably: reserve + start (waiting while the sandbox has no room) → poll with durable timers →
/// collect → delete (on every path) → settle. Two deadlines race the polling: the provisioning limit until the job
/// runs, then its wall limit plus a grace period, counted from when it was seen running — a job whose image takes
/// minutes to pull keeps its whole wall time. A job past either deadline is abandoned, deleted and recorded.
/// </summary>
public sealed class SandboxJobOrchestrator : TaskOrchestrator<JobRequest, JobOutcome>
{
    private const double MaxBusyWaitSeconds = 300;

    public override async Task<JobOutcome> RunAsync(TaskOrchestrationContext context, JobRequest request)
    {
        var launch = new StartJobInput(request, context.NewGuid().ToString("N")[..12]);
        var (started, waitedSeconds) = await StartWhenTakenAsync(context, launch);
        if (started.Busy is { } busy)
        {
            var refused = Abandoned(request, "none", LimitHit.None, 0, $"the sandbox could not take the job after {waitedSeconds:0} s of waiting: {busy}");
            return new JobOutcome(launch.LaunchId, refused, null, await context.SettleJobAsync(new SettleJobInput(launch, null)));
        }

        if (started.Handle is not { } handle)
        {
            return new JobOutcome(launch.LaunchId, null, started.Refusal, Spend.Zero);
        }

        SandboxJobResult result;
        try
        {
            var interval = TimeSpan.FromSeconds(request.PollSeconds);
            var (state, provisioned) = await PollWithinAsync(context, handle, interval, s => s != SandboxJobState.Pending, started.ProvisionSeconds);
            if (!provisioned)
            {
                result = Abandoned(request, handle.Sandbox, LimitHit.None, 0, $"the sandbox did not start the job within its {started.ProvisionSeconds:0} s provisioning limit; it was abandoned and deleted");
            }
            else if (state == SandboxJobState.Running
                && !(await PollWithinAsync(context, handle, interval, s => s is SandboxJobState.Exited or SandboxJobState.Lost, started.WallSeconds + started.GraceSeconds)).Reached)
            {
                result = Abandoned(
                    request,
                    handle.Sandbox,
                    LimitHit.WallTime,
                    started.WallSeconds + started.GraceSeconds,
                    $"the job did not end within its {started.WallSeconds} s limit plus {started.GraceSeconds:0.#} s; it was abandoned and deleted");
            }
            else
            {
                result = await context.CollectJobAsync(new CollectInput(handle, launch.LaunchId));
            }
        }
        finally
        {
            await context.DeleteJobAsync(handle);
        }

        var cost = await context.SettleJobAsync(new SettleJobInput(launch, result.Usage));
        return new JobOutcome(launch.LaunchId, result, null, cost);
    }

    /// <summary>Starts the job, waiting with backoff (or as long as the sandbox asks) while it has no room; the reservation stands meanwhile.</summary>
    private static async Task<(JobStarted Started, double WaitedSeconds)> StartWhenTakenAsync(TaskOrchestrationContext context, StartJobInput launch)
    {
        var waited = 0.0;
        for (var attempt = 0; ; attempt++)
        {
            var started = await context.StartJobAsync(launch);
            if (started.Busy is null || attempt + 1 >= started.BusyAttempts)
            {
                return (started, waited);
            }

            var wait = Math.Max(started.RetryAfterSeconds, Math.Min(started.BusyBackoffSeconds * Math.Pow(2, attempt), MaxBusyWaitSeconds));
            waited += wait;
            await context.CreateTimer(TimeSpan.FromSeconds(wait), CancellationToken.None);
        }
    }

    /// <summary>Polls until <paramref name="reached"/> holds or <paramref name="limitSeconds"/> pass, whichever is first.</summary>
    private static async Task<(SandboxJobState State, bool Reached)> PollWithinAsync(
        TaskOrchestrationContext context, SandboxJobHandle handle, TimeSpan interval, Func<SandboxJobState, bool> reached, double limitSeconds)
    {
        using var stopTimer = new CancellationTokenSource();
        var deadline = context.CreateTimer(context.CurrentUtcDateTime.AddSeconds(limitSeconds), stopTimer.Token);
        var abandoned = false;
        var polling = PollUntilAsync(context, handle, interval, reached, () => abandoned);
        if (await Task.WhenAny(polling, deadline) == polling)
        {
            stopTimer.Cancel();
            return (await polling, true);
        }

        abandoned = true;
        return (SandboxJobState.Pending, false);
    }

    private static async Task<SandboxJobState> PollUntilAsync(
        TaskOrchestrationContext context, SandboxJobHandle handle, TimeSpan interval, Func<SandboxJobState, bool> reached, Func<bool> abandoned)
    {
        // Bounded by the deadline that races it: once that fires, abandoned() ends the loop.
        var state = await context.PollJobAsync(handle);
        while (!reached(state) && !abandoned())
        {
            await context.CreateTimer(interval, CancellationToken.None);
            state = await context.PollJobAsync(handle);
        }

        return state;
    }

    private static SandboxJobResult Abandoned(JobRequest request, string isolation, LimitHit limits, double wallSeconds, string error) => new()
    {
        JobId = request.JobId,
        LimitsHit = limits,
        Isolation = isolation,
        Usage = new SandboxUsage(wallSeconds, 0, 0),
        Error = error,
    };
}
