using Dgm.Core.Runs;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Orchestrators;

/// <summary>
/// The run orchestrator's turns in the steady loop. A turn starts children until <c>maxChildrenInFlight</c> are in
/// flight (each planned from the archive as committed at that moment), waits until a child ends, commits every child
/// that ended (one iteration record each, in child order). Every few turns it goes on as new with the small steady
/// state. Children are orchestrations the run never awaits, so its history holds a few turns, whatever the run's length.
/// </summary>
internal static class SteadyLoop
{
    /// <summary>The wake-up a steady child sends the run after recording its end.</summary>
    public const string ChildEndedEvent = "child-ended";

    /// <summary>
    /// Turns within one execution before it goes on as new. Each turn adds a few events per child it starts or commits,
    /// so this bounds the history. Going on as new is kept rare because the embedded engine holds back the new execution
    /// while sub-orchestrations the run started are out, until one of them ends (a delay, never a hang: the ones in flight
    /// are the run's own).
    /// </summary>
    private const int TurnsPerExecution = 16;

    public static async Task<RunOutcome> RunAsync(TaskOrchestrationContext context, RunState state, RunSettings settings)
    {
        for (var turn = 1; ; turn++)
        {
            var (ended, next) = await TurnAsync(context, state, settings);
            if (ended is not null)
            {
                return ended;
            }

            if (turn == TurnsPerExecution)
            {
                return RunOrchestrator.ContinueAsNew(context, next, next.Progress!);
            }

            (state, settings) = (next, await context.LoadRunSettingsAsync(state.RunId));
        }
    }

    /// <summary>One turn: how the run ended, or the state it goes on with.</summary>
    private static async Task<(RunOutcome? Ended, RunState Next)> TurnAsync(TaskOrchestrationContext context, RunState state, RunSettings settings)
    {
        var steady = await StartChildrenAsync(context, state, settings);
        if (steady.InFlight.Count == 0)
        {
            if (steady.StopReason is { } stop)
            {
                return (await RunOrchestrator.FinishAsync(context, Committed(state), RunStatus.Stopped, stop), state);
            }

            if (steady.Started >= settings.TotalChildren)
            {
                return (await RunOrchestrator.FinishAsync(context, Committed(state), RunStatus.Completed, $"all {settings.TotalChildren} children ran"), state);
            }

            // Only the gate holds children back, and every child it let start has been committed.
            if (await RunOrchestrator.AwaitApprovalAsync(context, Committed(state), null, settings, steady.Started == 0 ? "the seed" : $"child {steady.Started}") is { } refused)
            {
                return (await RunOrchestrator.FinishAsync(context, Committed(state), RunStatus.Stopped, refused), state);
            }

            var approved = state with { Steady = steady with { ApprovedThrough = steady.Started + settings.ChildrenPerIteration } };
            return (null, approved with { Progress = RunOrchestrator.Progress(context, Committed(approved), 0, null, "approved") });
        }

        RunOrchestrator.Progress(context, Committed(state), steady.InFlight.Count, null, "self-improving");
        try
        {
            await context.WaitForExternalEvent<int>(ChildEndedEvent, WakeInterval(settings));
        }
        catch (TaskCanceledException)
        {
            // No wake-up came (none ended, or one was lost): the records say which children ended either way.
        }

        var ended = await context.FindEndedChildrenAsync(new SteadyInFlight(state.RunId, steady.InFlight));
        var commit = ended.Count == 0 ? null : await context.CommitChildrenAsync(new CommitChildrenInput(state.RunId, state.Iteration, ended));
        var next = state.Iteration + ended.Count;
        var endedNumbers = ended.Select(e => e.Number).ToHashSet();
        steady = steady with
        {
            InFlight = [.. steady.InFlight.Where(n => !endedNumbers.Contains(n))],
            StopReason = steady.StopReason ?? ended.Select(StopReason).FirstOrDefault(reason => reason is not null),
        };

        var progress = RunOrchestrator.Progress(context, Committed(state with { Iteration = next }), steady.InFlight.Count, commit, commit is null ? "self-improving" : "committed");
        return (null, state with { Iteration = next, Steady = steady, Progress = progress });
    }

    /// <summary>
    /// A resumed or extended run's steady state, rebuilt from the records. Its children in flight died with the run's
    /// orchestration (or still run elsewhere, and keep their instance): those that recorded no end start again, and
    /// reuse what they had recorded.
    /// </summary>
    public static async Task<RunState> RecoverAsync(TaskOrchestrationContext context, RunState state, RunSettings settings)
    {
        var steady = await context.RecoverSteadyAsync(state.RunId);
        var ended = (await context.FindEndedChildrenAsync(new SteadyInFlight(state.RunId, steady.InFlight))).Select(o => o.Number).ToHashSet();
        await StartAsync(context, state, settings, [.. steady.InFlight.Where(n => !ended.Contains(n))]);
        return state with { Steady = steady };
    }

    /// <summary>Plans the children (all from one archive) and starts them, without awaiting them.</summary>
    private static async Task StartAsync(TaskOrchestrationContext context, RunState state, RunSettings settings, List<int> numbers)
    {
        if (numbers.Count == 0)
        {
            return;
        }

        var plans = await context.PlanSteadyChildrenAsync(new SteadyChildrenRef(state.RunId, numbers));
        foreach (var (number, plan) in numbers.Zip(plans))
        {
            context.StartSteadyChild(new SteadyChildInput(state.RunId, number, plan, settings.PollSeconds, settings.GradesHeldOut));
        }
    }

    /// <summary>The state as progress and the run's end name it: by the last committed record, as the generations loop does.</summary>
    private static RunState Committed(RunState state) => state with { Iteration = state.Iteration - 1 };

    /// <summary>How long a turn waits for a wake-up before it looks at the records anyway.</summary>
    private static TimeSpan WakeInterval(RunSettings settings) => TimeSpan.FromSeconds(Math.Clamp(settings.PollSeconds * 10, 1, 60));

    /// <summary>Why an ended child stops the run from starting more: the budget ran out in it.</summary>
    private static string? StopReason(SteadyOutcome ended) =>
        ended.Result.BudgetExhausted ? $"budget exhausted in child {ended.Plan.ChildId}: {ended.Result.Refusal ?? ended.Result.Summary?.Reason}"
        : ended.HeldOutStop is { } heldOut ? $"budget exhausted while grading child {ended.Plan.ChildId} on the held-out tasks: {heldOut}"
        : null;

    /// <summary>Starts children up to the cap, the run's total and what the gate allows, unless the run is stopping.</summary>
    private static async Task<SteadyState> StartChildrenAsync(TaskOrchestrationContext context, RunState state, RunSettings settings)
    {
        var steady = state.Steady!;
        if (steady.StopReason is null && context.CurrentUtcDateTime - state.StartedAt.UtcDateTime > TimeSpan.FromMinutes(settings.WallTimeMinutes))
        {
            steady = steady with { StopReason = $"budget.wallTimeMinutes ({settings.WallTimeMinutes}) reached after {steady.Started} children started" };
        }

        var allowed = Math.Min(settings.TotalChildren, settings.ApprovalRequired ? steady.ApprovedThrough : int.MaxValue);
        var count = steady.StopReason is null ? Math.Max(0, Math.Min(settings.ChildrenAtOnce - steady.InFlight.Count, allowed - steady.Started)) : 0;
        var numbers = Enumerable.Range(steady.Started + 1, count).ToList();
        await StartAsync(context, state, settings, numbers);
        return steady with { Started = steady.Started + count, InFlight = [.. steady.InFlight, .. numbers] };
    }
}
